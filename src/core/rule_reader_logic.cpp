// RuleReader: conditions, findings, programme steps and the decision table.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "rule_reader.h"

namespace thomas::detail {

Condition RuleReader::read_condition(const YAML::Node& n, const ConditionScope& scope) {
    Condition c;
    c.pos = detail::pos_of(n);
    if (!n) {
        return c;  // missing `when`: reported by check_keys where it is required
    }
    if (!n.IsMap() || n.size() == 0) {
        error(n,
              "a condition must be a mapping such as {criterion: ID, is: fail}, "
              "{pain: groin}, {finding: ID}, {all: [...]}, {any: [...]} or {not: ...}");
        return c;
    }
    if (n["all"] || n["any"]) {
        const bool all = static_cast<bool>(n["all"]);
        check_section(n, all ? "all condition" : "any condition");
        c.kind = all ? Condition::Kind::all : Condition::Kind::any;
        const YAML::Node list = n[all ? "all" : "any"];
        if (!list.IsSequence() || list.size() == 0) {
            error(list, fmt::format("\"{}\": expected a non-empty list of conditions",
                                    all ? "all" : "any"));
            return c;
        }
        for (const auto& child : list) {
            c.children.push_back(read_condition(child, scope));
        }
    } else if (n["not"]) {
        check_section(n, "not condition");
        c.kind = Condition::Kind::negate;
        c.children.push_back(read_condition(n["not"], scope));
    } else if (n["criterion"]) {
        read_criterion_condition(n, c);
    } else if (n["pain"]) {
        check_section(n, "pain condition");
        c.kind = Condition::Kind::pain;
        for (const auto& p : items(n["pain"], "pain")) {
            if (auto pain = id_of<Pain>(p, "pain word", parse_pain, accepted_pains())) {
                c.pains.insert(*pain);
            }
        }
    } else if (n["red_flag"]) {
        check_section(n, "red_flag condition");
        c.kind = Condition::Kind::red_flag;
        for (const auto& r : items(n["red_flag"], "red_flag")) {
            if (auto word = id_of<RedFlag>(r, "red flag", parse_red_flag, accepted_red_flags())) {
                c.red_flags.insert(*word);
            }
        }
    } else if (n["finding"]) {
        check_section(n, "finding condition");
        c.kind = Condition::Kind::finding;
        const std::string id = detail::scalar_text(n["finding"]);
        if (auto it = finding_index_.find(id); it != finding_index_.end()) {
            c.index = it->second;
        } else if (refused_findings_.count(id) == 0) {  // a refused one is reported already
            error(n["finding"], fmt::format("unknown finding \"{}\" (a finding can only refer "
                                            "to findings declared before it)",
                                            id));
        }
    } else if (n["value"]) {
        read_value_condition(n, c);
    } else if (n["patient"] && scope.in_decision && !scope.in_patient) {
        check_section(n, "patient condition");
        c.kind = Condition::Kind::patient;
        c.children.push_back(read_condition(n["patient"], {true, true}));
    } else if (n["plan_done"] && scope.in_decision && !scope.in_patient) {
        check_section(n, "plan_done condition");
        c.kind = Condition::Kind::plan_done;
        if (!get_bool(n, "plan_done").value_or(true)) {
            error(n["plan_done"],
                  "plan_done: only \"true\" is meaningful; use {not: ...} "
                  "around it for the opposite");
        }
    } else if (n["result"] && scope.in_decision) {
        check_section(n, "result condition");
        c.kind = Condition::Kind::result;
        for (const auto& r : items(n["result"], "result")) {
            if (auto res = id_of<Result>(r, "result", parse_result, accepted_results())) {
                c.results.insert(*res);
            }
        }
    } else if (const auto change = change_key(n); change && scope.in_decision) {
        read_change_condition(n, *change, c);
    } else if (n["persists"] && scope.in_decision) {
        check_section(n, "persists condition");
        c.kind = Condition::Kind::persists;
        if (!get_bool(n, "persists").value_or(true)) {
            Condition inner = c;
            c = Condition{};
            c.pos = inner.pos;
            c.kind = Condition::Kind::negate;
            c.children.push_back(inner);
        }
    } else {
        const std::string key = detail::scalar_text(n.begin()->first);
        const Keys kinds =
            !scope.in_decision
                ? Keys{"criterion", "pain", "red_flag", "finding", "value", "all", "any", "not"}
            : scope.in_patient ? Keys{"criterion", "pain",     "red_flag", "finding", "value",
                                      "result",    "persists", "all",      "any",     "not"}
                               : Keys{"criterion", "pain",     "red_flag", "finding",
                                      "value",     "result",   "persists", "patient",
                                      "plan_done", "improved", "worse",    "no_reliable_change",
                                      "all",       "any",      "not"};
        if (key == "result" || key == "persists" || key == "patient" || key == "plan_done" ||
            parse_change(key)) {
            // A known condition in the wrong place: say where it belongs.
            error(n.begin()->first,
                  fmt::format("condition \"{}\" is allowed only in decision rows{}", key,
                              key == "patient" || key == "plan_done"
                                  ? ", and not inside another patient: condition"
                                  : ""));
            return c;
        }
        auto hint = detail::closest(key, kinds);
        error(n.begin()->first,
              hint ? fmt::format("unknown condition \"{}\" (did you mean \"{}\"?)", key, *hint)
                   : fmt::format("unknown condition \"{}\"; expected one of: {}", key,
                                 fmt::join(kinds, ", ")));
    }
    return c;
}

// The change word a condition mapping starts with ({improved: ...}), if any.
std::optional<Change> RuleReader::change_key(const YAML::Node& n) {
    for (std::size_t i = 0; i < k_change_count; ++i) {
        const auto change = static_cast<Change>(i);
        if (n[std::string(to_string(change))]) {
            return change;
        }
    }
    return std::nullopt;
}

// {improved: MEASURE}, {worse: MEASURE}, {no_reliable_change: MEASURE}: the measure's change
// since the first visit, judged against its mdc. Only `progress` sets it; a single test never
// matches one.
void RuleReader::read_change_condition(const YAML::Node& n, Change change, Condition& c) {
    const std::string key(to_string(change));
    check_section(n, key + " condition");
    c.kind = Condition::Kind::change;
    c.changes.insert(change);
    const YAML::Node m = n[key];
    const auto measure = m.IsScalar() ? parse_measure(m.Scalar()) : std::nullopt;
    if (!measure || *measure == Measure::lumbar_flat) {
        error(m, fmt::format("{}: expected an angle measure, found \"{}\"", key,
                             detail::scalar_text(m)));
        return;
    }
    c.measure = *measure;
    const MeasureDef& def = rules_.measure(*measure);
    if (!def.declared || !def.mdc) {
        error(m, fmt::format("{}: measure \"{}\" needs mdc: and better: under measures: to "
                             "judge a change",
                             key, m.Scalar()));
    }
}

void RuleReader::read_criterion_condition(const YAML::Node& n, Condition& c) {
    check_section(n, "criterion condition");
    c.kind = Condition::Kind::criterion;
    const std::string id = detail::scalar_text(n["criterion"]);
    if (auto it = criterion_index_.find(id); it != criterion_index_.end()) {
        c.index = it->second;
    } else if (refused_criteria_.count(id) == 0) {  // a refused one is reported already
        std::vector<std::string_view> ids;
        for (const auto& [k, v] : criterion_index_) {
            ids.push_back(k);
        }
        auto hint = detail::closest(id, ids);
        error(n["criterion"],
              hint ? fmt::format("unknown criterion \"{}\" (did you mean \"{}\"?)", id, *hint)
                   : fmt::format("unknown criterion \"{}\"", id));
    }
    for (const auto& s : items(n["is"], "is")) {
        if (auto status = id_of<Status>(s, "status", parse_status, accepted_statuses())) {
            c.statuses.insert(*status);
        }
    }
}

// {value: MEASURE, minus: MEASURE, above: X, below: Y}: a bound on a measured value (or the
// difference of two), e.g. a knee flexion beyond what the thigh position allows.
void RuleReader::read_value_condition(const YAML::Node& n, Condition& c) {
    check_section(n, "value condition");
    c.kind = Condition::Kind::value;
    const auto angle = [this](const YAML::Node& m) -> std::optional<Measure> {
        auto id = m.IsScalar() ? parse_measure(m.Scalar()) : std::nullopt;
        if (!id || *id == Measure::lumbar_flat) {
            error(m, fmt::format("expected an angle measure (one of: thigh_angle, knee_flexion, "
                                 "rotation, abduction), found \"{}\"",
                                 detail::scalar_text(m)));
            return std::nullopt;
        }
        if (!rules_.measure(*id).declared) {
            error(m, fmt::format("measure \"{}\" is not declared under measures:", m.Scalar()));
            return std::nullopt;
        }
        return id;
    };
    if (auto m = angle(n["value"])) {
        c.measure = *m;
    }
    if (n["minus"]) {
        c.minus = angle(n["minus"]);
        if (c.minus && *c.minus == c.measure) {
            error(n["minus"], "minus must name a different measure than value");
        }
    }
    c.above = get_number(n, "above");
    c.below = get_number(n, "below");
    if (!n["above"] && !n["below"]) {
        error(n, "value condition: give above:, below: or both");
    } else if (c.above && c.below && *c.above < *c.below) {
        // "above 10 or below 20" holds for every value: almost certainly a reversed pair.
        error(n, fmt::format("value condition: above {} and below {} together hold for every "
                             "value (the condition is \"above or below\", outside the two)",
                             format_number(*c.above), format_number(*c.below)));
    }
}

void RuleReader::read_findings(const YAML::Node& node) {
    if (!node) {
        return;
    }
    if (!node.IsSequence()) {
        error(node, fmt::format("findings: expected a list, found {}", kind_of(node)));
        return;
    }
    for (const auto& n : node) {
        if (!check_section(n, "finding")) {
            remember_refused(n, finding_index_, refused_findings_, "finding");
            continue;
        }
        Finding f;
        f.pos = detail::pos_of(n);
        f.id = get_string(n, "id").value_or("");
        f.title = get_string(n, "title").value_or("");
        check_new_id(n["id"], f.id, finding_index_, refused_findings_, "finding");
        if (n["when"]) {  // missing: already reported by check_keys
            f.when = read_condition(n["when"], {});
        }
        if (const YAML::Node r = n["result"]) {
            f.result = id_of<Result>(r, "result", parse_result, accepted_results());
        }
        for (const auto& t : items(n["implicates"], "implicates")) {
            if (auto tissue = id_of<Tissue>(t, "tissue", parse_tissue, accepted_tissues())) {
                f.implicates.insert(*tissue);
            }
        }
        for (const auto& fl : items(n["flags"], "flags")) {
            if (auto flag = id_of<Flag>(fl, "flag", parse_flag, accepted_flags())) {
                f.flags.insert(*flag);
            }
        }
        f.note = get_string(n, "note").value_or("");
        f.sources = read_source_refs(n);
        finding_index_.emplace(f.id, rules_.findings.size());
        rules_.findings.push_back(std::move(f));
    }
}

void RuleReader::read_programme(const YAML::Node& node) {
    if (!node) {
        return;
    }
    if (!node.IsSequence()) {
        error(node, fmt::format("programme: expected a list of steps, found {}", kind_of(node)));
        return;
    }
    std::array<bool, k_step_count> seen{};
    for (const auto& n : node) {
        if (!check_section(n, "programme step")) {
            continue;
        }
        auto number = get_number(n, "step");
        if (!number) {
            continue;
        }
        if (*number != std::floor(*number) || *number < 1 || *number > k_step_count) {
            error(n["step"], fmt::format("step must be a whole number from 1 to {}, found {}",
                                         k_step_count, format_number(*number)));
            continue;
        }
        const int step = static_cast<int>(*number);
        if (seen[static_cast<std::size_t>(step - 1)]) {
            error(n["step"], fmt::format("step {} is declared twice", step));
        }
        seen[static_cast<std::size_t>(step - 1)] = true;
        Step& s = rules_.steps[static_cast<std::size_t>(step - 1)];
        s.number = step;
        s.pos = detail::pos_of(n);
        s.title = get_string(n, "title").value_or("");
        s.advice = get_string(n, "advice").value_or("");
        s.patient = get_bool(n, "patient").value_or(false);
        s.sources = read_source_refs(n);
    }
    for (int i = 1; i <= k_step_count; ++i) {
        if (!seen[static_cast<std::size_t>(i - 1)]) {
            error(node, fmt::format("programme: step {} is missing (steps 1 to {} are all "
                                    "required)",
                                    i, k_step_count));
        }
    }
}

std::vector<int> RuleReader::read_step_list(const YAML::Node& n) {
    std::vector<int> steps;
    for (const auto& s : items(n, "steps")) {
        auto v = number_of(s, "step");
        if (!v) {
            continue;
        }
        if (*v != std::floor(*v) || *v < 1 || *v > k_step_count) {
            error(s, fmt::format("step must be a whole number from 1 to {}, found {}", k_step_count,
                                 format_number(*v)));
            continue;
        }
        steps.push_back(static_cast<int>(*v));
    }
    return steps;
}

void RuleReader::read_decision(const YAML::Node& node) {
    if (!node) {
        return;
    }
    if (!node.IsSequence() || node.size() == 0) {
        error(node, "decision: expected a non-empty list of rows");
        return;
    }
    std::set<std::string> ids;
    for (const auto& n : node) {
        if (!check_section(n, "decision row")) {
            continue;
        }
        DecisionRow row;
        row.pos = detail::pos_of(n);
        row.id = get_string(n, "id").value_or("");
        if (!ids.insert(row.id).second) {
            error(n["id"], fmt::format("duplicate decision row id \"{}\"", row.id));
        }
        if (n["when"]) {
            row.when = read_condition(n["when"], {true});
        }  // no `when`: an always-matching row (Kind::all with no children)
        row.steps = read_step_list(n["steps"]);
        row.why = get_string(n, "why").value_or("");
        check_why_slots(n["why"], row);
        row.final = get_bool(n, "final").value_or(false);
        row.even_if_done = get_bool(n, "even_if_done").value_or(false);
        row.sources = read_source_refs(n);
        rules_.decision.push_back(std::move(row));
    }
}

namespace {

bool has_change_condition(const Condition& c) {
    return c.kind == Condition::Kind::change ||
           std::any_of(c.children.begin(), c.children.end(), has_change_condition);
}

}  // namespace

// A row's `why` may quote the follow-up ({first_date}, {latest_date}, {difference:M}, {mdc:M},
// {from:M}, {to:M}; see progress.h) only when the row tests a change, so that a single test,
// which never matches such a row, never shows an unfilled slot.
void RuleReader::check_why_slots(const YAML::Node& at, const DecisionRow& row) {
    const std::string& text = row.why;
    bool any = false;
    for (std::size_t open = text.find('{'); open != std::string::npos;
         open = text.find('{', open + 1)) {
        const std::size_t close = text.find('}', open);
        const std::string slot = text.substr(
            open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
        const std::size_t colon = slot.find(':');
        const std::string what = slot.substr(0, colon);
        const auto measure =
            colon == std::string::npos ? std::nullopt : parse_measure(slot.substr(colon + 1));
        const bool dated = slot == "first_date" || slot == "latest_date";
        const bool valued =
            (what == "difference" || what == "mdc" || what == "from" || what == "to") && measure &&
            rules_.measure(*measure).mdc;
        if (close == std::string::npos || (!dated && !valued)) {
            error(at, fmt::format("decision row \"{}\" why: \"{{{}\" is not a slot; the slots are "
                                  "{{first_date}}, {{latest_date}}, and {{difference:M}}, "
                                  "{{mdc:M}}, {{from:M}}, {{to:M}} for a measure M with mdc",
                                  row.id, close == std::string::npos ? slot : slot + "}"));
            return;
        }
        any = true;
    }
    if (any && !has_change_condition(row.when)) {
        error(at, fmt::format("decision row \"{}\" why: slots are filled in only by thomas "
                              "progress, so the row must test a change ({{improved: M}}, {{worse: "
                              "M}} or {{no_reliable_change: M}})",
                              row.id));
    }
}

void RuleReader::read_follow_up(const YAML::Node& n) {
    if (!n || !check_section(n, "follow_up")) {
        return;
    }
    FollowUp& f = rules_.follow_up;
    f.different_devices = get_string(n, "different_devices").value_or("");
    f.different_examiners = get_string(n, "different_examiners").value_or("");
    f.sources = read_source_refs(n);
    require_source(n, f.sources, "follow_up");
}

void RuleReader::read_complete(const YAML::Node& n) {
    if (!n) {
        rules_.complete_why = "Every planned step is done.";
        return;
    }
    if (!check_section(n, "complete")) {
        return;
    }
    auto steps = read_step_list(n["step"]);
    if (steps.size() == 1 && n["step"].IsScalar()) {
        rules_.complete_step = steps.front();
    } else if (n["step"]) {
        error(n["step"], "complete step: expected one step number");
    }
    rules_.complete_why = get_string(n, "why").value_or("");
}

void RuleReader::read_headlines(const YAML::Node& node) {
    std::array<bool, k_result_count> always{};  // results with a row that always applies
    if (!node) {
        return;
    }
    if (!node.IsSequence()) {
        error(node, fmt::format("headlines: expected a list of {{result, text}} rows, found {}",
                                kind_of(node)));
        return;
    }
    for (const auto& n : node) {
        if (!check_section(n, "headline")) {
            continue;
        }
        Headline h;
        h.pos = detail::pos_of(n);
        const auto result = id_of<Result>(n["result"], "result", parse_result, accepted_results());
        if (n["flag"]) {
            h.flag = id_of<Flag>(n["flag"], "flag", parse_flag, accepted_flags());
        }
        if (n["planned"]) {
            const auto steps = read_step_list(n["planned"]);
            if (steps.size() == 1 && n["planned"].IsScalar()) {
                h.planned = steps.front();
            } else {
                error(n["planned"], "headline planned: expected one step number");
            }
        }
        h.tissues = get_bool(n, "tissues");
        h.text = get_string(n, "text").value_or("");
        // Only {tissues} and {flags} are filled in; any other brace is a typo.
        std::string rest = h.text;
        for (std::string_view slot : {"{tissues}", "{flags}"}) {
            for (auto at = rest.find(slot); at != std::string::npos; at = rest.find(slot)) {
                rest.erase(at, slot.size());
            }
        }
        if (rest.find_first_of("{}") != std::string::npos) {
            error(n["text"],
                  "headline text: only {tissues} and {flags} are filled in; write other "
                  "braces as words");
        }
        if (!result) {
            continue;
        }
        h.result = *result;
        if (!h.flag && !h.planned && !h.tissues) {
            always[static_cast<std::size_t>(h.result)] = true;
        }
        rules_.headlines.push_back(std::move(h));
    }
    std::vector<std::string_view> missing;
    for (std::size_t r = 0; r < k_result_count; ++r) {
        if (!always[r]) {
            missing.push_back(to_string(static_cast<Result>(r)));
        }
    }
    if (!missing.empty()) {
        error(node, fmt::format("headlines: every result needs a row without flag, planned or "
                                "tissues, so it always has a line; missing for: {}",
                                fmt::join(missing, ", ")));
    }
}

}  // namespace thomas::detail
