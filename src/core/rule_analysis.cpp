// Static analysis of a rule set. Conditions are judged one at a time with what each
// criterion can possibly give; that is exact for single tests and for contradictions inside
// one `all`, and deliberately generous elsewhere (a `not` is assumed satisfiable), so every
// warning points at something that really cannot happen.
#include "thomas/rule_analysis.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

namespace thomas {
namespace {

// Why a condition cannot hold, and where.
struct Reason {
    SourcePos pos;
    std::string text;
};

// The ids in `set`, in enum order.
template <typename E, std::size_t N>
std::vector<std::string_view> ids_in(EnumSet<E> set) {
    std::vector<std::string_view> words;
    for (std::size_t i = 0; i < N; ++i) {
        if (set.contains(static_cast<E>(i))) {
            words.push_back(to_string(static_cast<E>(i)));
        }
    }
    return words;
}

std::string status_list(StatusSet set) {
    return fmt::format("{}", fmt::join(ids_in<Status, k_status_count>(set), ", "));
}

class Analyser {
public:
    Analyser(const RuleSet& rules, std::string file) : rules_(rules), file_(std::move(file)) {
        // Every criterion can be not_measured; numeric ones give their bands' statuses,
        // yes/no ones pass or fail.
        for (const Criterion& c : rules_.criteria) {
            StatusSet possible;
            possible.insert(Status::not_measured);
            if (c.boolean) {
                possible.insert(Status::pass);
                possible.insert(Status::fail);
            }
            for (const Band& b : c.bands) {
                possible.insert(b.status);
            }
            gives_.push_back(possible);
        }
        used_.assign(rules_.criteria.size(), false);
        results_.insert(Result::negative);
    }

    std::vector<Diagnostic> run() {
        check_findings();
        check_decision();
        check_criteria();
        std::stable_sort(out_.begin(), out_.end(), [](const Diagnostic& a, const Diagnostic& b) {
            return std::tie(a.line, a.column) < std::tie(b.line, b.column);
        });
        return std::move(out_);
    }

private:
    void warn(SourcePos p, std::string message) {
        out_.push_back(
            {Diagnostic::Severity::warning, file_, p.line, p.column, std::move(message)});
    }

    // Returns why `c` can never hold, or nullopt if it may. Marks the criteria it uses.
    std::optional<Reason> impossible(const Condition& c) {
        switch (c.kind) {
            case Condition::Kind::all:
                return impossible_all(c);
            case Condition::Kind::any: {
                std::optional<Reason> first;
                bool some = false;
                for (const auto& child : c.children) {
                    auto r = impossible(child);
                    some = some || !r;
                    if (r && !first) {
                        first = r;
                    }
                }
                return some ? std::nullopt : first;
            }
            case Condition::Kind::negate:
            case Condition::Kind::patient:
                // Under `patient`, facts of two legs combine (fail on one, pass on the other),
                // so only the criteria it uses are marked; it is assumed satisfiable.
                for (const auto& child : c.children) {
                    impossible(child);
                }
                return std::nullopt;
            case Condition::Kind::criterion:
                return impossible_criterion(c);
            case Condition::Kind::finding:
                if (!finding_possible_[c.index]) {
                    return Reason{c.pos, fmt::format("finding \"{}\" never matches",
                                                     rules_.findings[c.index].id)};
                }
                return std::nullopt;
            case Condition::Kind::result:
                if (c.results.intersects(results_)) {
                    return std::nullopt;
                }
                return Reason{
                    c.pos,
                    fmt::format("no finding that can match gives result {}",
                                fmt::join(ids_in<Result, k_result_count>(c.results), " or "))};
            case Condition::Kind::pain:
            case Condition::Kind::red_flag:
            case Condition::Kind::persists:
            case Condition::Kind::value:
            case Condition::Kind::plan_done:
            case Condition::Kind::change:
                return std::nullopt;
        }
        return std::nullopt;
    }

    std::optional<Reason> impossible_criterion(const Condition& c) {
        used_[c.index] = true;
        if (c.statuses.intersects(gives_[c.index])) {
            return std::nullopt;
        }
        return Reason{c.pos, fmt::format("criterion \"{}\" never gives {} (it gives {})",
                                         rules_.criteria[c.index].id, status_list(c.statuses),
                                         status_list(gives_[c.index]))};
    }

    std::optional<Reason> impossible_all(const Condition& c) {
        std::optional<Reason> first;
        std::vector<std::optional<StatusSet>> wanted(rules_.criteria.size());
        for (const auto& child : c.children) {
            auto r = impossible(child);
            if (r && !first) {
                first = r;
            }
            if (child.kind != Condition::Kind::criterion || first) {
                continue;
            }
            // Two tests of one criterion inside `all` must share a status.
            auto& w = wanted[child.index];
            if (!w) {
                w = child.statuses;
                continue;
            }
            const StatusSet both = StatusSet::from_bits(w->bits() & child.statuses.bits());
            if (both.empty()) {
                first =
                    Reason{child.pos, fmt::format("criterion \"{}\" cannot be {} and {} at once",
                                                  rules_.criteria[child.index].id, status_list(*w),
                                                  status_list(child.statuses))};
            }
            w = both;
        }
        return first;
    }

    void check_findings() {
        for (const Finding& f : rules_.findings) {
            auto r = impossible(f.when);
            finding_possible_.push_back(!r);
            if (r) {
                warn(r->pos, fmt::format("finding \"{}\" can never match: {}", f.id, r->text));
            } else if (f.result) {
                results_.insert(*f.result);
            }
        }
    }

    void check_decision() {
        std::array<bool, k_step_count> chosen{};
        chosen[static_cast<std::size_t>(rules_.complete_step - 1)] = true;
        const DecisionRow* stop = nullptr;  // an unconditional final row
        for (const DecisionRow& row : rules_.decision) {
            if (stop != nullptr) {
                warn(row.pos, fmt::format("decision row \"{}\" is never reached: row \"{}\" "
                                          "before it always matches and is final",
                                          row.id, stop->id));
                continue;
            }
            if (auto r = impossible(row.when)) {
                warn(r->pos,
                     fmt::format("decision row \"{}\" can never match: {}", row.id, r->text));
                continue;
            }
            for (int step : row.steps) {
                chosen[static_cast<std::size_t>(step - 1)] = true;
            }
            if (row.final && row.when.kind == Condition::Kind::all && row.when.children.empty()) {
                stop = &row;
            }
        }
        for (const Step& s : rules_.steps) {
            if (s.number != 0 && !chosen[static_cast<std::size_t>(s.number - 1)]) {
                warn(s.pos, fmt::format("programme step {} is never chosen: no decision row that "
                                        "can match lists it",
                                        s.number));
            }
        }
    }

    void check_criteria() {
        for (std::size_t i = 0; i < rules_.criteria.size(); ++i) {
            const Criterion& c = rules_.criteria[i];
            if (!used_[i]) {
                warn(c.pos, fmt::format("criterion \"{}\" is not used by any finding or decision "
                                        "row; it is shown but decides nothing",
                                        c.id));
            }
            if (!c.boolean && !gives_[i].contains(Status::borderline)) {
                warn(c.pos, fmt::format("criterion \"{}\" has no borderline band: a value within "
                                        "measurement error of the cut-off gets a firm verdict",
                                        c.id));
            }
        }
    }

    const RuleSet& rules_;
    std::string file_;
    std::vector<Diagnostic> out_;
    std::vector<StatusSet> gives_;        // per criterion: statuses it can give
    std::vector<bool> used_;              // per criterion: tested by some condition
    std::vector<bool> finding_possible_;  // per finding, filled in rule order
    ResultSet results_;                   // results some finding can raise
};

}  // namespace

std::vector<Diagnostic> analyse(const RuleSet& rules, const std::string& file) {
    return Analyser(rules, file).run();
}

}  // namespace thomas
