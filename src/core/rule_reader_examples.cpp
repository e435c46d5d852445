// RuleReader: the examples section (cases a rule set must score as stated).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "rule_reader.h"

namespace thomas::detail {

void RuleReader::read_examples(const YAML::Node& node) {
    if (!node) {
        return;
    }
    if (!node.IsSequence()) {
        error(node, fmt::format("examples: expected a list, found {}", kind_of(node)));
        return;
    }
    for (const auto& n : node) {
        if (!check_section(n, "example")) {
            continue;
        }
        Example ex;
        ex.pos = detail::pos_of(n);
        ex.name = get_string(n, "name").value_or("");
        if (n["input"] && n["visits"]) {
            error(n["visits"], "example: give input (one test) or visits (a follow-up), not both");
        } else if (!n["input"] && !n["visits"]) {
            error(n, "example: give input (one test) or visits (a follow-up)");
        } else if (n["visits"]) {
            read_visits(n["visits"], ex);
        } else if (const YAML::Node input = n["input"]; input.IsMap()) {
            detail::read_measurements(input, ex.input,
                                      [&](const YAML::Node& at, const std::string& message) {
                                          error(at, "example input: " + message);
                                      });
        } else {
            error(n["input"], "example input: expected a mapping of measurement fields");
        }
        if (n["expect"]) {
            read_expect(n["expect"], ex);
        }
        rules_.examples.push_back(std::move(ex));
    }
}

// A follow-up example: one leg's visits, each dated.
void RuleReader::read_visits(const YAML::Node& list, Example& ex) {
    if (!list.IsSequence() || list.size() == 0) {
        error(list, "example visits: expected a non-empty list of visits");
        return;
    }
    for (const auto& v : list) {
        Measurements m;
        if (!v.IsMap()) {
            error(v, "example visit: expected a mapping of measurement fields");
            continue;
        }
        detail::read_measurements(v, m, [&](const YAML::Node& at, const std::string& message) {
            error(at, "example visit: " + message);
        });
        if (m.visit.date.empty()) {
            error(v, "example visit: give its date (YYYY-MM-DD)");
        }
        ex.visits.push_back(std::move(m));
    }
    if (!ex.visits.empty() && std::any_of(ex.visits.begin(), ex.visits.end(), [&](const auto& m) {
            return m.side != ex.visits.front().side;
        })) {
        error(list, "example visits: every visit is of the same leg (one side, or none)");
    }
}

void RuleReader::read_expect(const YAML::Node& e, Example& ex) {
    if (!check_section(e, "expect")) {
        return;
    }
    if (e.size() == 0) {
        error(e,
              "expect must state at least one expected verdict (result, implicated, "
              "flags, next_step, plan, criteria or findings), or the example tests nothing");
    }
    if (const YAML::Node r = e["result"]) {
        ex.result = id_of<Result>(r, "result", parse_result, accepted_results());
    }
    if (e["implicated"]) {
        ex.implicated.emplace();
        for (const auto& t : items(e["implicated"], "implicated")) {
            if (auto tissue = id_of<Tissue>(t, "tissue", parse_tissue, accepted_tissues())) {
                ex.implicated->push_back(*tissue);
            }
        }
    }
    if (e["flags"]) {
        ex.flags.emplace();
        for (const auto& f : items(e["flags"], "flags")) {
            if (auto flag = id_of<Flag>(f, "flag", parse_flag, accepted_flags())) {
                ex.flags->push_back(*flag);
            }
        }
    }
    if (e["next_step"]) {
        auto steps = read_step_list(e["next_step"]);
        if (steps.size() == 1 && e["next_step"].IsScalar()) {
            ex.next_step = steps.front();
        } else {
            error(e["next_step"], "next_step: expected one step number");
        }
    }
    if (e["plan"]) {
        ex.plan = read_step_list(e["plan"]);
    }
    if (e["findings"]) {
        ex.findings.emplace();
        for (const auto& f : items(e["findings"], "findings")) {
            const std::string id = detail::scalar_text(f);
            if (finding_index_.count(id) == 0 && refused_findings_.count(id) == 0) {
                error(f, fmt::format("unknown finding \"{}\"", id));
            }
            ex.findings->push_back(id);
        }
    }
    if (const YAML::Node changes = e["changes"]) {
        if (!changes.IsMap() || ex.visits.empty()) {
            error(changes,
                  "expect changes: a mapping of measure: change, for an example with visits");
        } else {
            for (auto it = changes.begin(); it != changes.end(); ++it) {
                const auto measure = parse_measure(detail::scalar_text(it->first));
                if (!measure || !rules_.measure(*measure).mdc) {
                    error(it->first, fmt::format("expect changes: \"{}\" is not a measure with mdc",
                                                 detail::scalar_text(it->first)));
                }
                auto change = id_of<Change>(it->second, "change", parse_change, accepted_changes());
                if (measure && change) {
                    ex.changes.emplace_back(*measure, *change);
                }
            }
        }
    }
    if (const YAML::Node crit = e["criteria"]) {
        if (!crit.IsMap()) {
            error(crit, "expect criteria: expected a mapping of criterion id: status");
            return;
        }
        for (auto it = crit.begin(); it != crit.end(); ++it) {
            const std::string id = detail::scalar_text(it->first);
            if (criterion_index_.count(id) == 0 && refused_criteria_.count(id) == 0) {
                error(it->first, fmt::format("unknown criterion \"{}\"", id));
            }
            if (auto s = id_of<Status>(it->second, "status", parse_status, accepted_statuses())) {
                ex.criteria.emplace_back(id, *s);
            }
        }
    }
}

}  // namespace thomas::detail
