// Fuzz target for the rule loader: parse_rules on arbitrary text.
//
// Invariants: parse_rules never throws (bad content goes to the diagnostics), every error
// diagnostic names the file and a non-negative place; when the text loads without error, the
// engine, the explanation, the JSON report and the rule set's own examples run on a few fixed
// records without crashing, check_ranges throws nothing but InputError, and the assessment
// only points inside the rule set (criteria, bands, findings, decision rows, steps 1..7).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "thomas/engine.h"
#include "thomas/examples.h"
#include "thomas/explain.h"
#include "thomas/json_report.h"
#include "thomas/rule_loader.h"

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
}

std::vector<thomas::Measurements> fixed_records() {
    using thomas::Measure;
    std::vector<thomas::Measurements> records(5);
    records[1][Measure::thigh_angle] = 12;
    records[1][Measure::knee_flexion] = 50;
    records[2][Measure::thigh_angle] = -10;
    records[2][Measure::knee_flexion] = 90;
    records[2][Measure::rotation] = 0;
    records[2][Measure::abduction] = 0;
    records[2][Measure::lumbar_flat] = 1;
    records[2].pain = thomas::parse_pain_list("none");
    records[3][Measure::thigh_angle] = 0;
    records[3][Measure::lumbar_flat] = 0;
    records[3].pain = thomas::parse_pain_list("groin");
    records[3].done = thomas::parse_step_list("1,2,3");
    records[4][Measure::abduction] = 30;
    records[4][Measure::rotation] = 25;
    records[4].persists = true;
    records[4].side = thomas::Side::left;
    return records;
}

void check_assessment(const thomas::RuleSet& rules, const thomas::Assessment& a) {
    if (a.criteria.size() != rules.criteria.size()) {
        fail("one outcome per criterion");
    }
    for (const auto& outcome : a.criteria) {
        if (outcome.criterion >= rules.criteria.size()) {
            fail("criterion index out of range");
        }
        if (outcome.band != nullptr) {
            const auto& bands = rules.criteria[outcome.criterion].bands;
            if (bands.empty() || outcome.band < &bands.front() || outcome.band > &bands.back()) {
                fail("band pointer outside its criterion");
            }
        }
        if (outcome.measured && !std::isfinite(*outcome.measured)) {
            fail("measured value not finite");
        }
    }
    for (std::size_t f : a.findings) {
        if (f >= rules.findings.size()) {
            fail("finding index out of range");
        }
    }
    for (std::size_t r : a.rows) {
        if (r >= rules.decision.size()) {
            fail("decision row index out of range");
        }
    }
    if (a.next_step_row && *a.next_step_row >= rules.decision.size()) {
        fail("next step row out of range");
    }
    if (a.next_step < 1 || a.next_step > 7) {
        fail("next step outside 1..7");
    }
    for (int step : a.plan) {
        if (step < 1 || step > 7) {
            fail("planned step outside 1..7");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    thomas::LoadResult result;
    thomas::RuleSet rules;
    try {
        rules = thomas::parse_rules(text, "fuzz.yaml", result);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "parse_rules threw: %s\n", e.what());
        fail("parse_rules threw");
    } catch (...) {
        fail("parse_rules threw");
    }
    for (const auto& d : result.diagnostics) {
        if (d.file != "fuzz.yaml" || d.line < 0 || d.column < 0 || d.message.empty()) {
            fail("a diagnostic without file, place or message");
        }
    }
    if (!result.ok()) {
        return 0;
    }
    for (const thomas::Measurements& m : fixed_records()) {
        try {
            thomas::check_ranges(rules, m);
        } catch (const thomas::InputError&) {
            continue;  // a rule set may declare other ranges or measures: a clean rejection
        }
        const thomas::Assessment a = thomas::assess(rules, m);
        check_assessment(rules, a);
        (void)thomas::explain(rules, m, a);
        (void)thomas::assessment_json(rules, m, a, thomas::JsonOptions{.explain = true});
    }
    (void)thomas::run_examples(rules);
    return 0;
}
