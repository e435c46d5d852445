#include <doctest/doctest.h>

#include "rules_fixture.h"
#include "thomas/embedded_rules.h"
#include "thomas/engine.h"
#include "thomas/examples.h"
#include "thomas/rule_loader.h"

using namespace thomas;

namespace {

const RuleSet& small() {
    static const RuleSet r = load_rules_text(test::k_small_rules, "small.yaml");
    return r;
}

Measurements leg(std::optional<double> thigh, std::optional<double> knee) {
    Measurements m;
    m[Measure::thigh_angle] = thigh;
    m[Measure::knee_flexion] = knee;
    return m;
}

Status status_of(const Assessment& a, const std::string& id) {
    for (const auto& o : a.criteria) {
        if (small().criteria[o.criterion].id == id) {
            return o.status;
        }
    }
    FAIL("no criterion " << id);
    return Status::not_measured;
}

}  // namespace

TEST_CASE("engine: bands are half-open min-inclusive max-exclusive / the last one closed") {
    CHECK(status_of(assess(small(), leg(-2.0001, {})), "thigh") == Status::pass);
    CHECK(status_of(assess(small(), leg(-2, {})), "thigh") == Status::borderline);
    CHECK(status_of(assess(small(), leg(1.999, {})), "thigh") == Status::borderline);
    CHECK(status_of(assess(small(), leg(2, {})), "thigh") == Status::fail);
    CHECK(status_of(assess(small(), leg(90, {})), "thigh") == Status::fail);
    CHECK(status_of(assess(small(), leg(-45, {})), "thigh") == Status::pass);
}

TEST_CASE("engine: unmeasured is not_measured / never 0") {
    const Assessment a = assess(small(), leg({}, 100));
    CHECK(status_of(a, "thigh") == Status::not_measured);
    CHECK(status_of(a, "back") == Status::not_measured);
    CHECK(a.criteria[1].measured == std::nullopt);
    CHECK(a.result == Result::negative);
}

TEST_CASE("engine: findings give result / tissues and plan") {
    const Assessment a = assess(small(), leg(12, 50));
    CHECK(a.result == Result::positive);
    CHECK(a.implicated.contains(Tissue::iliopsoas));
    CHECK(a.implicated.contains(Tissue::rectus_femoris));
    CHECK(a.plan == std::vector<int>{3, 4, 5, 6});
    CHECK(a.next_step == 3);
    CHECK(a.next_step_row == 2u);
}

TEST_CASE("engine: pain routes to rule-out first / and done steps are skipped") {
    Measurements m = leg(12, 50);
    m.pain = PainSet{};
    m.pain->insert(Pain::groin);
    Assessment a = assess(small(), m);
    CHECK(a.result == Result::refer);
    CHECK(a.flags.contains(Flag::hip_joint));
    CHECK(a.plan == std::vector<int>{2, 3, 4, 5, 6});
    CHECK(a.next_step == 2);
    m.done.insert(2);
    m.done.insert(3);
    a = assess(small(), m);
    CHECK(a.next_step == 4);
    CHECK(a.plan == std::vector<int>{4, 5, 6});
}

TEST_CASE("engine: an invalid test interprets no tissue and stops the table") {
    Measurements m = leg(12, 50);
    m[Measure::lumbar_flat] = 0.0;
    const Assessment a = assess(small(), m);
    CHECK(a.result == Result::retest);
    CHECK_FALSE(a.valid);
    CHECK(a.implicated.empty());
    CHECK(a.plan == std::vector<int>{1});
}

TEST_CASE("engine: a plan fully done falls back to the complete step") {
    Measurements m = leg({}, 50);
    for (int s : {5, 6}) {
        m.done.insert(s);
    }
    const Assessment a = assess(small(), m);
    CHECK(a.plan.empty());
    CHECK(a.next_step == 1);
    CHECK_FALSE(a.next_step_row.has_value());
}

TEST_CASE("engine: range check rejects / never clamps") {
    CHECK_THROWS_WITH_AS(check_ranges(small(), leg(120, {})),
                         "thigh_angle 120 is outside the plausible range -45 to 90 (rule set "
                         "\"small\"); check the value and its sign",
                         InputError);
    Measurements m;
    m[Measure::rotation] = 5;
    CHECK_THROWS_WITH_AS(check_ranges(small(), m),
                         "rule set \"small\" does not use rotation; leave it out or choose a rule "
                         "set that does",
                         InputError);
    CHECK_NOTHROW(check_ranges(small(), leg(-45, 160)));
}

TEST_CASE("engine: asymmetry uses the rule set's threshold") {
    const auto items = compare_sides(small(), leg(-8, 90), leg(-2, 80));
    REQUIRE(items.size() == 2);
    CHECK(items[0].measure == Measure::thigh_angle);
    CHECK(items[0].difference == -6.0);
    CHECK(items[0].notable);
    CHECK(items[1].difference == 10.0);
    CHECK_FALSE(items[1].notable);  // knee declares no asymmetry threshold in the fixture
}

TEST_CASE("rule sets: every embedded rule set passes its own examples") {
    for (const auto& set : embedded_rule_sets()) {
        const RuleSet rules = load_rules(std::string(set.name));
        CAPTURE(set.name);
        CHECK(rules.examples.size() >= 10);
        for (const auto& outcome : run_examples(rules)) {
            CAPTURE(outcome.example->name);
            for (const auto& d : outcome.differences) {
                CAPTURE(d);
            }
            CHECK(outcome.passed);
        }
    }
}

TEST_CASE("rule sets: a wrong expectation is reported as a difference") {
    RuleSet rules = small();
    rules.examples[0].next_step = 4;
    const auto outcomes = run_examples(rules);
    REQUIRE(outcomes.size() == 1);
    CHECK_FALSE(outcomes[0].passed);
    CHECK(outcomes[0].differences == std::vector<std::string>{"next_step: expected 4, got 3"});
}

TEST_CASE("engine: an interior knee angle out of range names what was typed") {
    Measurements m;
    m[Measure::knee_flexion] = knee_flexion_from_interior(200);
    m.knee_as_interior = true;
    CHECK_THROWS_WITH_AS(check_ranges(small(), m),
                         "interior angle 200 gives knee flexion -20, outside the plausible range "
                         "-10 to 160 (rule set \"small\"); check the value and which knee "
                         "convention was measured",
                         InputError);
}
