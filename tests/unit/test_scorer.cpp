// Scorer (conditions compiled into bit tests) against the tree-walking engine it replaced
// (engine_reference.cpp): the same assessment for random records, under the shipped rule sets
// and under rule sets with random conditions, many criteria and many findings.
#include <doctest/doctest.h>

#include <cmath>
#include <iterator>
#include <random>

#include "engine_reference.h"
#include "rules_fixture.h"
#include "thomas/embedded_rules.h"
#include "thomas/engine.h"
#include "thomas/rule_loader.h"

using namespace thomas;

namespace {

using Random = std::mt19937;

std::uint32_t below(Random& random, std::size_t n) {
    return static_cast<std::uint32_t>(random() % n);
}

// A record: each declared measure absent or anywhere in its range (band edges included), and
// random side, pain (now and then with a bit no pain word has), persists and steps done.
Measurements random_record(const RuleSet& rules, Random& random) {
    Measurements m;
    for (std::size_t i = 0; i < k_measure_count; ++i) {
        const MeasureDef& def = rules.measures[i];
        if (!def.declared || below(random, 4) == 0) {
            continue;
        }
        double value = def.min + (def.max - def.min) * below(random, 1001) / 1000.0;
        if (below(random, 3) == 0) {  // exactly on a band edge of some criterion
            for (const Criterion& c : rules.criteria) {
                if (c.measure == def.id && !c.minus && !c.bands.empty()) {
                    value = c.bands[below(random, c.bands.size())].min;
                }
            }
        }
        m.values[i] = value;
    }
    if (below(random, 4) != 0) {
        m.pain = PainSet::from_bits(below(random, 1u << k_pain_count) |
                                    (below(random, 16) == 0 ? 1u << 31 : 0u));
    }
    if (below(random, 3) != 0) {
        m.side = below(random, 2) == 0 ? Side::left : Side::right;
    }
    m.persists = below(random, 4) == 0;
    for (int step = 1; step <= k_step_count; ++step) {
        if (below(random, 5) == 0) {
            m.done.insert(step);
        }
    }
    return m;
}

void check_same(const RuleSet& rules, const Measurements& m, const Assessment& got) {
    const Assessment want = reference::assess(rules, m);
    CHECK(got.side == want.side);
    CHECK(got.result == want.result);
    CHECK(got.implicated == want.implicated);
    CHECK(got.flags == want.flags);
    CHECK(got.valid == want.valid);
    CHECK(got.findings == want.findings);
    CHECK(got.rows == want.rows);
    CHECK(got.plan == want.plan);
    CHECK(got.next_step == want.next_step);
    CHECK(got.next_step_row == want.next_step_row);
    REQUIRE(got.criteria.size() == want.criteria.size());
    for (std::size_t i = 0; i < got.criteria.size(); ++i) {
        CHECK(got.criteria[i].status == want.criteria[i].status);
        CHECK(got.criteria[i].measured == want.criteria[i].measured);
        CHECK(got.criteria[i].band == want.criteria[i].band);
    }
}

void check_same(const RuleSet& rules, const Measurements& m) {
    Assessment got;
    Scorer(rules).assess_into(m, got);
    check_same(rules, m, got);
}

// A random condition over the rule set's criteria, the findings before `findings_known` (a
// finding may build on earlier ones), results, pain and persists, nested up to `depth`.
Condition random_condition(Random& random, std::size_t criteria, std::size_t findings_known,
                           int depth) {
    Condition c;
    const auto kind = below(random, depth > 0 ? 9 : 5);
    switch (kind) {
        case 0:
        case 1:
            c.kind = Condition::Kind::criterion;
            c.index = below(random, criteria);
            // Now and then a bit no status has: the Scorer must ignore it, as the walk does.
            c.statuses = StatusSet::from_bits(below(random, 1u << k_status_count) |
                                              (below(random, 16) == 0 ? 1u << 31 : 0u));
            break;
        case 2:
            c.kind = Condition::Kind::pain;
            // Now and then a bit no pain word has: a hand-built set must test the same too.
            c.pains = PainSet::from_bits(below(random, 1u << k_pain_count) |
                                         (below(random, 16) == 0 ? 1u << 31 : 0u));
            break;
        case 3:
            c.kind = Condition::Kind::result;
            c.results = ResultSet::from_bits(below(random, 1u << k_result_count) |
                                             (below(random, 16) == 0 ? 1u << 31 : 0u));
            break;
        case 4:
            if (findings_known > 0 && below(random, 2) == 0) {
                c.kind = Condition::Kind::finding;
                c.index = below(random, findings_known);
            } else {
                c.kind = Condition::Kind::persists;
            }
            break;
        case 5:
            c.kind = Condition::Kind::negate;
            c.children.push_back(random_condition(random, criteria, findings_known, depth - 1));
            break;
        default: {
            c.kind = below(random, 2) == 0 ? Condition::Kind::all : Condition::Kind::any;
            const auto n = below(random, 5);  // 0 children too: all = true, any = false
            for (std::uint32_t i = 0; i < n; ++i) {
                c.children.push_back(random_condition(random, criteria, findings_known, depth - 1));
            }
            break;
        }
    }
    return c;
}

// The default rule set with its criteria repeated (so their bits span several words) and its
// findings and decision rows replaced by random ones.
RuleSet random_rule_set(Random& random, std::size_t criteria_copies) {
    RuleSet rules = default_rules();
    const std::vector<Criterion> base = rules.criteria;
    for (std::size_t i = 1; i < criteria_copies; ++i) {
        rules.criteria.insert(rules.criteria.end(), base.begin(), base.end());
    }
    const std::size_t criteria = rules.criteria.size();
    rules.findings.clear();
    const auto findings = 1 + below(random, 80);
    for (std::uint32_t i = 0; i < findings; ++i) {
        Finding f;
        // Mostly earlier findings (as the loader requires); sometimes any, even itself or a
        // later one, which the tree walk read as not matched yet.
        f.when = random_condition(random, criteria, below(random, 8) == 0 ? findings : i, 4);
        if (below(random, 2) == 0) {
            f.result = static_cast<Result>(below(random, 5));
        }
        f.implicates = TissueSet::from_bits(below(random, 1u << k_tissue_count));
        f.flags = FlagSet::from_bits(below(random, 1u << k_flag_count));
        rules.findings.push_back(f);
    }
    rules.decision.clear();
    const auto rows = below(random, 10);
    for (std::uint32_t r = 0; r < rows; ++r) {
        DecisionRow row;
        row.when = random_condition(random, criteria, findings, 4);
        for (std::uint32_t s = below(random, 4); s > 0; --s) {
            row.steps.push_back(1 + static_cast<int>(below(random, k_step_count)));
        }
        row.final = below(random, 4) == 0;
        rules.decision.push_back(row);
    }
    return rules;
}

}  // namespace

TEST_CASE("scorer: the same assessments as the tree walk / shipped rule sets") {
    Random random(3);  // NOLINT(cert-msc51-cpp): deterministic on purpose
    std::vector<RuleSet> sets;
    for (const auto& set : embedded_rule_sets()) {
        sets.push_back(load_rules(std::string(set.name)));
    }
    sets.push_back(load_rules_text(test::k_small_rules, "small.yaml"));
    for (const RuleSet& rules : sets) {
        CAPTURE(rules.name);
        for (int i = 0; i < 3000; ++i) {
            check_same(rules, random_record(rules, random));
        }
        for (const Example& example : rules.examples) {
            check_same(rules, example.input);
        }
    }
}

TEST_CASE("scorer: the same assessments as the tree walk / random conditions, many words") {
    Random random(5);  // NOLINT(cert-msc51-cpp): deterministic on purpose
    int matched_rows = 0;
    for (int set = 0; set < 150; ++set) {
        // The state spans 2 words (1 copy: 6 criteria) up to 10 (20 copies: 120 criteria),
        // crossing from the fixed 4 words to the heap at 7 copies or so.
        static constexpr std::size_t k_copies[] = {1, 1, 3, 7, 9, 20};
        const RuleSet rules = random_rule_set(random, k_copies[set % std::size(k_copies)]);
        CAPTURE(set);
        for (int i = 0; i < 60; ++i) {
            const Measurements m = random_record(rules, random);
            check_same(rules, m);
            matched_rows += reference::assess(rules, m).rows.empty() ? 0 : 1;
        }
    }
    CHECK(matched_rows > 1000);  // the decision rows were not all dead
}

TEST_CASE("scorer: one Scorer scores many records / reusing one Assessment") {
    const RuleSet& rules = default_rules();
    const Scorer scorer(rules);
    CHECK(&scorer.rules() == &rules);
    Random random(9);  // NOLINT(cert-msc51-cpp): deterministic on purpose
    Assessment a;
    for (int i = 0; i < 500; ++i) {
        const Measurements m = random_record(rules, random);
        scorer.assess_into(m, a);
        check_same(rules, m, a);
    }
}

TEST_CASE("scorer: a ScoreMemo gives the same assessments as scoring afresh") {
    // Records drawn again and again from a pool, so most are answered from the memo: the
    // conclusions must still be those of the tree walk, and the criteria those of each record.
    Random random(11);  // NOLINT(cert-msc51-cpp): deterministic on purpose
    std::vector<RuleSet> sets;
    for (const auto& set : embedded_rule_sets()) {
        sets.push_back(load_rules(std::string(set.name)));
    }
    for (const std::size_t copies : {1, 3, 9}) {  // 9 copies: too many words to memoise
        sets.push_back(random_rule_set(random, copies));
    }
    ScoreMemo memo;  // one memo across every Scorer: each must start it afresh
    for (const RuleSet& rules : sets) {
        CAPTURE(rules.name);
        const Scorer scorer(rules);
        std::vector<Measurements> pool;
        for (int i = 0; i < 200; ++i) {
            pool.push_back(random_record(rules, random));
        }
        Assessment a;
        for (int i = 0; i < 3000; ++i) {
            Measurements m = pool[below(random, pool.size())];
            if (below(random, 2) == 0) {  // same facts, other values: a step inside a band
                for (auto& v : m.values) {
                    if (v) {
                        *v = std::nextafter(*v, *v + 1);
                    }
                }
            }
            if (below(random, 4) == 0) {  // same facts, other steps done
                m.done = StepMask::from_bits(static_cast<std::uint16_t>(m.done.bits() ^ 0x1e));
            }
            scorer.assess_into(m, a, memo);
            check_same(rules, m, a);
        }
    }
    // Two Scorers of one rule set take turns with one memo.
    const RuleSet& rules = default_rules();
    const Scorer first(rules);
    const Scorer second(rules);
    Assessment a;
    for (int i = 0; i < 500; ++i) {
        const Measurements m = random_record(rules, random);
        (i % 2 == 0 ? first : second).assess_into(m, a, memo);
        check_same(rules, m, a);
    }
}
