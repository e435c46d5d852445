// Both legs of one patient, and the default rule set against the geometry of the hanging leg.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "engine_reference.h"
#include "thomas/embedded_rules.h"
#include "thomas/engine.h"

using namespace thomas;

namespace {

Measurements leg(std::optional<double> thigh, std::optional<double> knee,
                 std::optional<PainSet> pain) {
    Measurements m;
    m[Measure::thigh_angle] = thigh;
    m[Measure::knee_flexion] = knee;
    m[Measure::lumbar_flat] = 1.0;
    m.pain = pain;
    return m;
}

PainSet pain_of(Pain p) {
    PainSet s;
    s.insert(p);
    return s;
}

bool stretching(int step) {
    return step >= 3 && step <= 6;
}

}  // namespace

// The relaxed hanging leg: with normal lengths the shank hangs vertically, so knee flexion is
// 90 + thigh angle. Every such leg with the thigh below horizontal must read negative.
TEST_CASE("default rules: a passive hanging leg with normal lengths is negative") {
    const RuleSet& rules = default_rules();
    int scored = 0;
    for (double thigh = -30; thigh <= -5; thigh += 0.25) {
        Measurements m = leg(thigh, 90 + thigh, pain_of(Pain::none));
        m[Measure::rotation] = 0;
        m[Measure::abduction] = 0;
        CAPTURE(thigh);
        const Assessment a = assess(rules, m);
        CHECK(a.result == Result::negative);
        CHECK(a.implicated.empty());
        ++scored;
    }
    CHECK(scored == 101);
}

TEST_CASE("default rules: groin pain on one leg comes before stretching either leg") {
    const RuleSet& rules = default_rules();
    const Measurements left = leg(-10, 80, pain_of(Pain::groin));   // normal length, pain
    const Measurements right = leg(8, 98, pain_of(Pain::stretch));  // raised thigh, no pain
    const PairAssessment both = assess_pair(rules, left, right);
    CHECK(both.patient.result == Result::refer);
    CHECK(both.patient.next_step == 2);
    CHECK(both.patient.flags.contains(Flag::hip_joint));
    CHECK(both.patient.implicated.contains(Tissue::iliopsoas));
    CHECK(both.patient.plan == std::vector<int>{2, 3, 4, 5, 6});
    CHECK_FALSE(stretching(both.left.next_step));
    CHECK_FALSE(stretching(both.right.next_step));
    CHECK(both.right.next_step == 2);
    CHECK(rules.decision[*both.right.next_step_row].id == "rule_out_other_leg");
    // Each leg keeps its own verdict.
    CHECK(both.left.result == Result::refer);
    CHECK(both.right.result == Result::positive);
    CHECK_FALSE(both.right.flags.contains(Flag::hip_joint));
    // Scored alone, the raised thigh would go straight to stretching.
    CHECK(assess(rules, right).next_step == 3);
}

TEST_CASE("default rules: the patient's plan counts a step done only when done on both legs") {
    const RuleSet& rules = default_rules();
    Measurements left = leg(8, 98, pain_of(Pain::stretch));
    Measurements right = leg(8, 98, pain_of(Pain::stretch));
    left.done.insert(3);
    const PairAssessment both = assess_pair(rules, left, right);
    CHECK(both.left.next_step == 4);
    CHECK(both.right.next_step == 3);
    CHECK(both.patient.next_step == 3);
    right.done.insert(3);
    CHECK(assess_pair(rules, left, right).patient.next_step == 4);
}

TEST_CASE("pair scoring: two identical legs score as one leg alone") {
    for (const auto& set : embedded_rule_sets()) {
        const RuleSet rules = load_rules(std::string(set.name));
        CAPTURE(rules.name);
        for (const Example& ex : rules.examples) {
            CAPTURE(ex.name);
            const Assessment alone = assess(rules, ex.input);
            const PairAssessment both = assess_pair(rules, ex.input, ex.input);
            CHECK(both.left.plan == alone.plan);
            CHECK(both.left.next_step_row == alone.next_step_row);
            CHECK(both.patient.plan == alone.plan);
            CHECK(both.patient.result == alone.result);
            CHECK(both.patient.flags == alone.flags);
        }
    }
}

// Scorer's bit-OR of the legs' facts against a tree walk of the definition ("a fact holds for
// the patient when it holds on either leg").
TEST_CASE("pair scoring: the same verdicts as the tree walk over random pairs") {
    std::mt19937 random(11);  // NOLINT(cert-msc51-cpp): deterministic on purpose
    const auto pick = [&](const RuleSet& rules) {
        Measurements m;
        for (std::size_t i = 0; i < k_measure_count; ++i) {
            const MeasureDef& def = rules.measures[i];
            if (def.declared && random() % 4 != 0) {
                m.values[i] = def.min + (def.max - def.min) * (random() % 1001) / 1000.0;
            }
        }
        if (random() % 4 != 0) {
            m.pain =
                PainSet::from_bits(static_cast<std::uint32_t>(random() % (1u << k_pain_count)));
        }
        if (random() % 5 == 0) {
            m.red_flags = RedFlagSet::from_bits(
                static_cast<std::uint32_t>(random() % (1u << k_red_flag_count)));
        }
        m.persists = random() % 3 == 0;
        for (int step = 1; step <= k_step_count; ++step) {
            if (random() % 3 == 0) {
                m.done.insert(step);
            }
        }
        return m;
    };
    int other_leg_rows = 0;
    for (const auto& set : embedded_rule_sets()) {
        const RuleSet rules = load_rules(std::string(set.name));
        CAPTURE(rules.name);
        for (int i = 0; i < 2000; ++i) {
            const Measurements l = pick(rules);
            const Measurements r = pick(rules);
            const PairAssessment got = assess_pair(rules, l, r);
            const PairAssessment want = reference::assess_pair(rules, l, r);
            for (const auto& [g, w] :
                 {std::pair{&got.left, &want.left}, {&got.right, &want.right}}) {
                CHECK(g->result == w->result);
                CHECK(g->findings == w->findings);
                CHECK(g->rows == w->rows);
                CHECK(g->plan == w->plan);
                CHECK(g->next_step_row == w->next_step_row);
            }
            CHECK(got.patient.result == want.patient.result);
            CHECK(got.patient.flags == want.patient.flags);
            CHECK(got.patient.implicated == want.patient.implicated);
            CHECK(got.patient.rows == want.patient.rows);
            CHECK(got.patient.plan == want.patient.plan);
            CHECK(got.patient.next_step == want.patient.next_step);
            CHECK(got.patient.next_step_row == want.patient.next_step_row);
            for (const Assessment* a : {&got.left, &got.right}) {
                if (a->next_step_row &&
                    rules.decision[*a->next_step_row].id == "rule_out_other_leg") {
                    ++other_leg_rows;
                }
            }
        }
    }
    CHECK(other_leg_rows > 100);  // the patient-level row was exercised, not dead
}
