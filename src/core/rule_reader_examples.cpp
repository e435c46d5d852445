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
        if (const YAML::Node input = n["input"]; !input) {
            // reported by check_keys
        } else if (input.IsMap()) {
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
