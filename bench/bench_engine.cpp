// Micro-benchmarks of the engine alone, with the embedded default rule set: nanoseconds per
// scored record (one iteration = one record). Run: build-bench/bench/bench_engine
#include <benchmark/benchmark.h>

#include <array>
#include <string_view>

#include "thomas/embedded_rules.h"
#include "thomas/engine.h"
#include "thomas/measurements.h"

namespace {

// A few typical records, so branch prediction does not see one path only.
std::array<thomas::Measurements, 4> sample_records() {
    using thomas::Measure;
    std::array<thomas::Measurements, 4> records{};
    const double values[4][5] = {
        {12, 50, 0, 5, 1}, {-10, 100, 0, 5, 1}, {0, 90, 25, 20, 1}, {5, 70, -25, 10, 0}};
    for (std::size_t i = 0; i < records.size(); ++i) {
        for (std::size_t k = 0; k < 5; ++k) {
            records[i][static_cast<Measure>(k)] = values[i][k];
        }
        records[i].pain = thomas::parse_pain_list(i == 3 ? "groin" : "stretch");
    }
    return records;
}

// check_ranges + Scorer::assess_into on parsed measurements, reusing one Scorer and one
// Assessment (as batch does).
void bm_assess(benchmark::State& state) {
    const thomas::RuleSet& rules = thomas::default_rules();
    const thomas::Scorer scorer(rules);
    const auto records = sample_records();
    thomas::Assessment a;
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& m = records[i++ & 3];
        thomas::check_ranges(rules, m);
        scorer.assess_into(m, a);
        benchmark::DoNotOptimize(a.result);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(bm_assess);

// The one-shot path of `thomas score`: assess() compiles the rule set's conditions every call.
void bm_assess_one_shot(benchmark::State& state) {
    const thomas::RuleSet& rules = thomas::default_rules();
    const auto records = sample_records();
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& m = records[i++ & 3];
        thomas::check_ranges(rules, m);
        const thomas::Assessment a = thomas::assess(rules, m);
        benchmark::DoNotOptimize(a.result);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(bm_assess_one_shot);

// From CSV cell text to an assessment: the per-row work of batch minus reading and writing.
void bm_parse_and_assess(benchmark::State& state) {
    using thomas::Measure;
    const thomas::RuleSet& rules = thomas::default_rules();
    constexpr std::string_view cells[4][6] = {{"12", "50", "0", "5", "yes", "stretch"},
                                              {"-10.5", "100", "", "5", "yes", "none"},
                                              {"0", "90.5", "25", "20", "yes", "hip,groin"},
                                              {"5", "70", "-25", "", "no", "knee"}};
    const thomas::Scorer scorer(rules);
    thomas::Assessment a;
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& c = cells[i++ & 3];
        thomas::Measurements m;
        const Measure order[4] = {Measure::thigh_angle, Measure::knee_flexion, Measure::rotation,
                                  Measure::abduction};
        for (std::size_t k = 0; k < 4; ++k) {
            if (!c[k].empty()) {
                m[order[k]] = thomas::parse_degrees("x", c[k]);
            }
        }
        m[Measure::lumbar_flat] = thomas::parse_yes_no("lumbar_flat", c[4]) ? 1.0 : 0.0;
        m.pain = thomas::parse_pain_list(c[5]);
        thomas::check_ranges(rules, m);
        scorer.assess_into(m, a);
        benchmark::DoNotOptimize(a.result);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(bm_parse_and_assess);

}  // namespace

BENCHMARK_MAIN();
