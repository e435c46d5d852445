#include "thomas/examples.h"

#include <fmt/format.h>

#include <algorithm>

#include "thomas/engine.h"

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

std::vector<ExampleOutcome> run_examples(const RuleSet& rules) {
    std::vector<ExampleOutcome> outcomes;
    for (const Example& ex : rules.examples) {
        ExampleOutcome out;
        out.example = &ex;
        try {
            check_ranges(rules, ex.input);
        } catch (const InputError& e) {
            out.differences.push_back(fmt::format("input rejected: {}: {}", e.field(), e.what()));
            outcomes.push_back(std::move(out));
            continue;
        }
        const Assessment a = assess(rules, ex.input);
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
            differ("next_step", std::to_string(*ex.next_step), std::to_string(a.next_step));
        }
        if (ex.plan) {
            differ("plan", fmt::format("[{}]", fmt::join(*ex.plan, ", ")),
                   fmt::format("[{}]", fmt::join(a.plan, ", ")));
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
