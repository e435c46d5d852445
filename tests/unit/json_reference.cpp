// The JSON report as it was built before json_writer: an nlohmann::ordered_json DOM, dumped.
// Frozen here as the oracle for test_json_report.cpp, which requires the writer-based
// json_report.cpp to produce the same bytes. Change it only together with a deliberate change
// of the JSON output.
#include "json_reference.h"

#include <nlohmann/json.hpp>

#include "thomas/explain.h"

namespace thomas::reference {
namespace {

using Json = nlohmann::ordered_json;

// Version of the JSON output layout; bumped only on an incompatible change.
constexpr int k_output_schema = 1;

Json sources_json(const RuleSet& rules, const std::vector<std::string>& ids) {
    Json out = Json::array();
    for (const auto& id : ids) {
        out.push_back({{"id", id}, {"citation", rules.citation(id)}});
    }
    return out;
}

template <typename E, std::size_t N>
Json ids_json(EnumSet<E> set) {
    Json out = Json::array();
    for (std::size_t i = 0; i < N; ++i) {
        if (set.contains(static_cast<E>(i))) {
            out.push_back(to_string(static_cast<E>(i)));
        }
    }
    return out;
}

Json measured_json(const Criterion& c, const CriterionOutcome& o) {
    if (!o.measured) {
        return nullptr;
    }
    if (c.boolean) {
        return *o.measured != 0.0;
    }
    return *o.measured;
}

std::string_view message_of(const Criterion& c, const CriterionOutcome& o) {
    if (c.boolean) {
        switch (o.status) {
            case Status::pass:
                return c.message_pass;
            case Status::fail:
                return c.message_fail;
            default:
                return c.message_not_measured;
        }
    }
    return o.band ? std::string_view(o.band->message) : std::string_view("not measured");
}

Json criterion_json(const RuleSet& rules, const CriterionOutcome& o, bool valid) {
    const Criterion& c = rules.criteria[o.criterion];
    Json j;
    j["id"] = c.id;
    j["title"] = c.title;
    j["measure"] = to_string(c.measure);
    if (c.minus) {
        j["minus"] = to_string(*c.minus);  // derived: measured = measure - minus
    }
    j["measured"] = measured_json(c, o);
    j["unit"] = rules.measure(c.measure).unit;
    j["status"] = to_string(o.status);
    j["threshold"] = c.cutoff ? Json(*c.cutoff) : Json(nullptr);
    if (c.boolean) {
        j["pass_when"] = c.pass_when;
    } else {
        Json bands = Json::array();
        for (const auto& b : c.bands) {
            bands.push_back({{"status", to_string(b.status)}, {"min", b.min}, {"max", b.max}});
        }
        j["bands"] = std::move(bands);
    }
    j["message"] = message_of(c, o);
    if (!valid && !c.boolean && o.measured) {
        // An invalid test (e.g. low back lifted) says nothing about tissue length.
        j["message"] = std::string(message_of(c, o)) + " Not interpreted: the test was not valid.";
    }
    return j;
}

Json explanation_json(const RuleSet& rules, const Measurements& m, const Assessment& a) {
    const Explanation e = explain(rules, m, a);
    Json findings = Json::array();
    for (const auto& r : e.findings) {
        const Finding& f = rules.findings[r.finding];
        Json criteria = Json::array();
        for (std::size_t ci : r.criteria) {
            Json cj = criterion_json(rules, a.criteria[ci], a.valid);
            cj["sources"] = sources_json(rules, rules.criteria[ci].sources);  // of the threshold
            criteria.push_back(std::move(cj));
        }
        Json item;
        item["id"] = f.id;
        item["title"] = f.title;
        item["result"] = f.result ? Json(to_string(*f.result)) : Json(nullptr);
        item["implicates"] = ids_json<Tissue, k_tissue_count>(f.implicates);
        item["flags"] = ids_json<Flag, k_flag_count>(f.flags);
        item["criteria"] = std::move(criteria);
        item["pain"] = ids_json<Pain, k_pain_count>(r.pains);
        item["sources"] = sources_json(rules, f.sources);
        findings.push_back(std::move(item));
    }
    Json step;
    if (e.step_row) {
        const DecisionRow& row = rules.decision[*e.step_row];
        step = {{"row", row.id}, {"why", row.why}, {"sources", sources_json(rules, row.sources)}};
    } else {
        step = {{"row", nullptr}, {"why", rules.complete_why}, {"sources", Json::array()}};
    }
    return {{"findings", std::move(findings)}, {"next_step", std::move(step)}};
}

Json ruleset_json(const RuleSet& rules) {
    return {{"name", rules.name},
            {"version", rules.version},
            {"sha256", rules.sha256},
            {"procedure", rules.procedure}};
}

Json assessment_object(const RuleSet& rules, const Measurements& m, const Assessment& a,
                       const JsonOptions& options, std::optional<std::uint64_t> row) {
    Json j;
    j["schema"] = k_output_schema;
    if (row) {
        j["row"] = *row;
    }
    j["ruleset"] = ruleset_json(rules);
    j["side"] = a.side ? Json(to_string(*a.side)) : Json(nullptr);
    j["result"] = to_string(a.result);
    j["implicated"] = ids_json<Tissue, k_tissue_count>(a.implicated);
    j["flags"] = ids_json<Flag, k_flag_count>(a.flags);
    const Step& step = rules.step(a.next_step);
    const std::string& why =
        a.next_step_row ? rules.decision[*a.next_step_row].why : rules.complete_why;
    j["next_step"] = {
        {"number", a.next_step}, {"title", step.title}, {"why", why}, {"advice", step.advice}};
    j["plan"] = a.plan;
    Json criteria = Json::array();
    for (const auto& o : a.criteria) {
        criteria.push_back(criterion_json(rules, o, a.valid));
    }
    j["criteria"] = std::move(criteria);
    Json notes = Json::array();
    for (std::size_t fi : a.findings) {
        if (!rules.findings[fi].note.empty()) {
            notes.push_back(rules.findings[fi].note);
        }
    }
    j["notes"] = std::move(notes);
    if (row) {
        j["error"] = nullptr;
    }
    if (options.explain) {
        j["explanation"] = explanation_json(rules, m, a);
    }
    return j;
}

std::string dump(const Json& j, int indent) {
    // Replace invalid UTF-8 from user text rather than throwing.
    return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string assessment_json(const RuleSet& rules, const Measurements& m, const Assessment& a,
                            const JsonOptions& options, std::optional<std::uint64_t> row) {
    return dump(assessment_object(rules, m, a, options, row), options.indent);
}

std::string both_sides_json(const RuleSet& rules, const Measurements& left,
                            const Assessment& left_result, const Measurements& right,
                            const Assessment& right_result, const JsonOptions& options) {
    Json asym = Json::array();
    for (const auto& item : compare_sides(rules, left, right)) {
        asym.push_back({{"measure", to_string(item.measure)},
                        {"left", item.left},
                        {"right", item.right},
                        {"difference", item.difference},
                        {"threshold", rules.measure(item.measure).asymmetry
                                          ? Json(*rules.measure(item.measure).asymmetry)
                                          : Json(nullptr)},
                        {"notable", item.notable}});
    }
    Json j;
    j["left"] = assessment_object(rules, left, left_result, options, {});
    j["right"] = assessment_object(rules, right, right_result, options, {});
    j["asymmetry"] = std::move(asym);
    return dump(j, options.indent);
}

std::string error_json(const RuleSet& rules, std::uint64_t row, const std::string& message) {
    Json j;
    j["schema"] = k_output_schema;
    j["row"] = row;
    j["ruleset"] = ruleset_json(rules);
    j["result"] = "error";
    j["error"] = message;
    return dump(j, -1);
}

}  // namespace thomas::reference
