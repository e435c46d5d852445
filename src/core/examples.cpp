#include "thomas/examples.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "thomas/engine.h"
#include "thomas/errors.h"
#include "thomas/progress.h"

namespace thomas {
namespace {

template <typename E, std::size_t N>
std::string set_text(EnumSet<E> set) {
    std::vector<std::string_view> ids;
    for (std::size_t i = 0; i < N; ++i) {
        if (set.contains(static_cast<E>(i))) {
            ids.push_back(to_string(static_cast<E>(i)));
        }
    }
    return fmt::format("[{}]", fmt::join(ids, ", "));
}

template <typename E, std::size_t N>
std::string list_text(const std::vector<E>& items) {
    EnumSet<E> set;
    for (E e : items) {
        set.insert(e);
    }
    return set_text<E, N>(set);
}

}  // namespace

namespace {

// What an example is compared with: one test scored, or the latest visit of a follow-up.
struct Verdict {
    Assessment a;
    int next_step = 1;
    std::vector<int> plan;
    std::vector<std::pair<Measure, Change>> changes;  // since the first visit
};

// A follow-up example, followed as `progress` does; the differences say what went wrong.
std::optional<Verdict> follow(const RuleSet& rules, const Example& ex,
                              std::vector<std::string>& differences) {
    std::optional<progress::Tracker> tracker;
    try {
        tracker.emplace(rules);
    } catch (const RuleError& e) {
        differences.push_back(e.diagnostics().front().message);
        return std::nullopt;
    }
    for (Measurements m : ex.visits) {
        m.visit.patient = "example";
        m.side = m.side.value_or(Side::left);
        tracker->add(m, "visit " + m.visit.date);
    }
    std::optional<Verdict> v;
    tracker->finish([&](const progress::Course& c) {
        v.emplace();
        v->a = c.latest;
        v->next_step = c.next_step;
        v->plan = c.plan;
        for (const auto& ch : c.changes) {
            if (ch.since == progress::Since::first && ch.to_visit + 1 == c.visits.size() &&
                ch.change) {
                v->changes.emplace_back(ch.measure, *ch.change);
            }
        }
    });
    for (const auto& e : tracker->errors()) {
        differences.push_back(fmt::format("{}: {}", e.origin, e.message));
    }
    return v;
}

}  // namespace

std::vector<ExampleOutcome> run_examples(const RuleSet& rules) {
    std::vector<ExampleOutcome> outcomes;
    for (const Example& ex : rules.examples) {
        ExampleOutcome out;
        out.example = &ex;
        std::optional<Verdict> verdict;
        try {
            for (const Measurements& m : ex.visits.empty() ? std::vector{ex.input} : ex.visits) {
                check_ranges(rules, m);
            }
            if (ex.visits.empty()) {
                verdict.emplace();
                verdict->a = assess(rules, ex.input);
                verdict->next_step = verdict->a.next_step;
                verdict->plan = verdict->a.plan;
            } else {
                verdict = follow(rules, ex, out.differences);
            }
        } catch (const InputError& e) {
            out.differences.push_back(fmt::format("input rejected: {}: {}", e.field(), e.what()));
        }
        if (!verdict) {
            outcomes.push_back(std::move(out));
            continue;
        }
        const Assessment& a = verdict->a;
        auto differ = [&](std::string_view what, const std::string& expected,
                          const std::string& got) {
            if (expected != got) {
                out.differences.push_back(
                    fmt::format("{}: expected {}, got {}", what, expected, got));
            }
        };
        if (ex.result) {
            differ("result", std::string(to_string(*ex.result)), std::string(to_string(a.result)));
        }
        if (ex.implicated) {
            differ("implicated", list_text<Tissue, k_tissue_count>(*ex.implicated),
                   set_text<Tissue, k_tissue_count>(a.implicated));
        }
        if (ex.flags) {
            differ("flags", list_text<Flag, k_flag_count>(*ex.flags),
                   set_text<Flag, k_flag_count>(a.flags));
        }
        if (ex.next_step) {
            differ("next_step", std::to_string(*ex.next_step), std::to_string(verdict->next_step));
        }
        if (ex.plan) {
            differ("plan", fmt::format("[{}]", fmt::join(*ex.plan, ", ")),
                   fmt::format("[{}]", fmt::join(verdict->plan, ", ")));
        }
        for (const auto& expected : ex.changes) {
            const auto& [measure, change] = expected;
            const auto it =
                std::find_if(verdict->changes.begin(), verdict->changes.end(),
                             [&expected](const auto& c) { return c.first == expected.first; });
            differ(fmt::format("changes.{}", to_string(measure)), std::string(to_string(change)),
                   it == verdict->changes.end() ? "none" : std::string(to_string(it->second)));
        }
        for (const auto& [id, status] : ex.criteria) {
            for (const auto& o : a.criteria) {
                if (rules.criteria[o.criterion].id == id) {
                    differ("criteria." + id, std::string(to_string(status)),
                           std::string(to_string(o.status)));
                }
            }
        }
        if (ex.findings) {
            std::vector<std::string_view> matched;
            for (std::size_t fi : a.findings) {
                matched.push_back(rules.findings[fi].id);
            }
            for (const std::string& id : *ex.findings) {
                if (std::find(matched.begin(), matched.end(), id) == matched.end()) {
                    out.differences.push_back(fmt::format(
                        "findings: expected {} to match, got [{}]", id, fmt::join(matched, ", ")));
                }
            }
        }
        out.passed = out.differences.empty();
        outcomes.push_back(std::move(out));
    }
    return outcomes;
}

}  // namespace thomas
