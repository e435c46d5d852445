// The contract's JSON, written member by member with json::Writer (no DOM: batch writes
// millions of these). Key order is the contract's; test_json_report.cpp checks the layout and
// the members, and the e2e goldens hold whole reports.
#include "thomas/json_report.h"

#include "json_report_parts.h"
#include "json_writer.h"
#include "thomas/explain.h"

namespace thomas {
namespace {

using json::Writer;

// Version of the JSON output layout; bumped only on an incompatible change.

void write_sources(Writer& w, const RuleSet& rules, const std::vector<std::string>& ids) {
    w.begin_array();
    for (const auto& id : ids) {
        w.begin_object();
        w.key("id");
        w.string(id);
        w.key("citation");
        w.string(rules.citation(id));
        w.end_object();
    }
    w.end_array();
}

template <typename E, std::size_t N>
void write_ids(Writer& w, EnumSet<E> set) {
    w.begin_array();
    for (std::size_t i = 0; i < N; ++i) {
        if (set.contains(static_cast<E>(i))) {
            w.string(to_string(static_cast<E>(i)));
        }
    }
    w.end_array();
}

template <typename T>
void write_optional_number(Writer& w, const std::optional<T>& v) {
    v ? w.number(*v) : w.null();
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

// One criterion object; the explanation adds the threshold's `sources` as its last member.
void write_criterion(Writer& w, const RuleSet& rules, const CriterionOutcome& o, bool valid,
                     const std::vector<std::string>* sources = nullptr) {
    const Criterion& c = rules.criteria[o.criterion];
    w.begin_object();
    w.key("id");
    w.string(c.id);
    w.key("title");
    w.string(c.title);
    w.key("measure");
    w.string(to_string(c.measure));
    if (c.minus) {
        w.key("minus");  // derived: measured = measure - minus
        w.string(to_string(*c.minus));
    }
    w.key("measured");
    if (!o.measured) {
        w.null();
    } else if (c.boolean) {
        w.boolean(*o.measured != 0.0);
    } else {
        w.number(*o.measured);
    }
    w.key("unit");
    w.string(rules.measure(c.measure).unit);
    w.key("status");
    w.string(to_string(o.status));
    w.key("threshold");
    write_optional_number(w, c.cutoff);
    if (c.boolean) {
        w.key("pass_when");
        w.boolean(c.pass_when);
    } else {
        w.key("bands");
        w.begin_array();
        for (const auto& b : c.bands) {
            w.begin_object();
            w.key("status");
            w.string(to_string(b.status));
            w.key("min");
            w.number(b.min);
            w.key("max");
            w.number(b.max);
            w.end_object();
        }
        w.end_array();
    }
    w.key("message");
    if (!valid && !c.boolean && o.measured) {
        // An invalid test (e.g. low back lifted) says nothing about tissue length.
        w.string(message_of(c, o), " Not interpreted: the test was not valid.");
    } else {
        w.string(message_of(c, o));
    }
    if (sources) {
        w.key("sources");
        write_sources(w, rules, *sources);
    }
    w.end_object();
}

void write_explanation(Writer& w, const RuleSet& rules, const Measurements& m,
                       const Assessment& a) {
    const Explanation e = explain(rules, m, a);
    w.begin_object();
    w.key("findings");
    w.begin_array();
    for (const auto& r : e.findings) {
        const Finding& f = rules.findings[r.finding];
        w.begin_object();
        w.key("id");
        w.string(f.id);
        w.key("title");
        w.string(f.title);
        w.key("result");
        f.result ? w.string(to_string(*f.result)) : w.null();
        w.key("implicates");
        write_ids<Tissue, k_tissue_count>(w, f.implicates);
        w.key("flags");
        write_ids<Flag, k_flag_count>(w, f.flags);
        w.key("criteria");
        w.begin_array();
        for (std::size_t ci : r.criteria) {
            write_criterion(w, rules, a.criteria[ci], a.valid, &rules.criteria[ci].sources);
        }
        w.end_array();
        w.key("pain");
        write_ids<Pain, k_pain_count>(w, r.pains);
        w.key("red_flags");
        write_ids<RedFlag, k_red_flag_count>(w, r.red_flags);
        w.key("sources");
        write_sources(w, rules, f.sources);
        w.end_object();
    }
    w.end_array();
    w.key("next_step");
    w.begin_object();
    w.key("row");
    if (e.step_row) {
        const DecisionRow& row = rules.decision[*e.step_row];
        w.string(row.id);
        w.key("why");
        w.string(row.why);
        w.key("sources");
        write_sources(w, rules, row.sources);
    } else {
        w.null();
        w.key("why");
        w.string(next_step_why(rules, std::nullopt));
        w.key("sources");
        write_sources(w, rules, {});
    }
    w.end_object();
    w.end_object();
}

// "result", "implicated", "flags", "next_step" {number, title, why, advice} and "plan", for a
// leg (Assessment) or the patient (PatientAssessment).
template <typename Verdict>
void write_verdict(Writer& w, const RuleSet& rules, const Verdict& v) {
    w.key("result");
    w.string(to_string(v.result));
    w.key("implicated");
    write_ids<Tissue, k_tissue_count>(w, v.implicated);
    w.key("flags");
    write_ids<Flag, k_flag_count>(w, v.flags);
    const Step& step = rules.step(v.next_step);
    w.key("next_step");
    w.begin_object();
    w.key("number");
    w.number(v.next_step);
    w.key("title");
    w.string(step.title);
    w.key("why");
    w.string(next_step_why(rules, v.next_step_row));
    w.key("advice");
    w.string(step.advice);
    w.end_object();
    w.key("plan");
    w.begin_array();
    for (const int n : v.plan) {
        w.number(n);
    }
    w.end_array();
}

void write_assessment(Writer& w, const RuleSet& rules, const Measurements& m, const Assessment& a,
                      bool explain, std::optional<std::uint64_t> row) {
    w.begin_object();
    write_assessment_members(w, rules, m, a, explain, row);
    w.end_object();
}

}  // namespace

void write_ruleset(Writer& w, const RuleSet& rules) {
    w.key("ruleset");
    w.begin_object();
    w.key("name");
    w.string(rules.name);
    w.key("version");
    w.string(rules.version);
    w.key("sha256");
    w.string(rules.sha256);
    w.key("procedure");
    w.string(rules.procedure);
    w.end_object();
}

void write_assessment_members(Writer& w, const RuleSet& rules, const Measurements& m,
                              const Assessment& a, bool explain, std::optional<std::uint64_t> row) {
    w.key("schema");
    w.number(k_output_schema);
    if (row) {
        w.key("row");
        w.number(*row);
    }
    write_ruleset(w, rules);
    w.key("side");
    a.side ? w.string(to_string(*a.side)) : w.null();
    write_verdict(w, rules, a);
    w.key("criteria");
    w.begin_array();
    for (const auto& o : a.criteria) {
        write_criterion(w, rules, o, a.valid);
    }
    w.end_array();
    w.key("notes");
    w.begin_array();
    for (std::size_t fi : a.findings) {
        if (!rules.findings[fi].note.empty()) {
            w.string(rules.findings[fi].note);
        }
    }
    w.end_array();
    if (row) {
        w.key("error");
        w.null();
    }
    if (explain) {
        w.key("explanation");
        write_explanation(w, rules, m, a);
    }
}

void write_error_members(Writer& w, const RuleSet& rules, std::uint64_t row,
                         std::string_view message) {
    w.key("schema");
    w.number(k_output_schema);
    w.key("row");
    w.number(row);
    write_ruleset(w, rules);
    w.key("result");
    w.string("error");
    w.key("error");
    w.string(message);
}

void write_patient(Writer& w, const RuleSet& rules, const PatientAssessment& p) {
    w.begin_object();
    write_verdict(w, rules, p);
    w.end_object();
}

void write_asymmetry(Writer& w, const RuleSet& rules, const std::vector<AsymmetryItem>& items) {
    w.begin_array();
    for (const auto& item : items) {
        w.begin_object();
        w.key("measure");
        w.string(to_string(item.measure));
        if (item.minus) {  // a derived value: measure - minus, the criterion's
            w.key("minus");
            w.string(to_string(*item.minus));
            w.key("criterion");
            w.string(rules.criteria[*item.criterion].id);
        }
        w.key("left");
        w.number(item.left);
        w.key("right");
        w.number(item.right);
        w.key("difference");
        w.number(item.difference);
        w.key("threshold");
        write_optional_number(w, item.threshold);
        w.key("notable");
        w.boolean(item.notable);
        w.end_object();
    }
    w.end_array();
}

std::string assessment_json(const RuleSet& rules, const Measurements& m, const Assessment& a,
                            const JsonOptions& options, std::optional<std::uint64_t> row) {
    std::string out;
    Writer w(out, options.indent);
    write_assessment(w, rules, m, a, options.explain, row);
    return out;
}

std::string both_sides_json(const RuleSet& rules, const Measurements& left,
                            const Measurements& right, const PairAssessment& result,
                            const JsonOptions& options) {
    std::string out;
    Writer w(out, options.indent);
    w.begin_object();
    w.key("patient");
    write_patient(w, rules, result.patient);
    w.key("left");
    write_assessment(w, rules, left, result.left, options.explain, {});
    w.key("right");
    write_assessment(w, rules, right, result.right, options.explain, {});
    w.key("asymmetry");
    write_asymmetry(w, rules, compare_sides(rules, left, right));
    w.end_object();
    return out;
}

std::string error_json(const RuleSet& rules, std::uint64_t row, const std::string& message) {
    std::string out;
    Writer w(out);
    w.begin_object();
    write_error_members(w, rules, row, message);
    w.end_object();
    return out;
}

}  // namespace thomas
