#include <doctest/doctest.h>

#include "rule_codec.h"
#include "thomas/embedded_rules.h"
#include "thomas/engine.h"
#include "thomas/json_report.h"
#include "thomas/rule_loader.h"

using namespace thomas;

namespace {

// A spread of legs that exercises every band, pain word and programme answer.
std::vector<Measurements> grid() {
    std::vector<Measurements> legs;
    const double thighs[] = {-30, -10, -2, 0, 2, 12};
    const double knees[] = {40, 66, 70, 80, 90, 100, 130};
    const double turns[] = {-30, -12, 0, 12, 30};
    int i = 0;
    for (double t : thighs) {
        for (double k : knees) {
            for (double r : turns) {
                Measurements m;
                m[Measure::thigh_angle] = t;
                m[Measure::knee_flexion] = k;
                m[Measure::rotation] = r;
                m[Measure::abduction] = (i % 4) * 7.0;
                if (i % 3 != 0) {
                    m[Measure::lumbar_flat] = (i % 5 == 0) ? 0.0 : 1.0;
                }
                PainSet pain;
                pain.insert(static_cast<Pain>(i % static_cast<int>(k_pain_count)));
                m.pain = pain;
                if (i % 7 == 0) {
                    m.done.insert(3);
                }
                m.persists = i % 11 == 0;
                legs.push_back(m);
                ++i;
            }
        }
    }
    return legs;
}

}  // namespace

TEST_CASE("codec: compiled embedded rule sets behave exactly like their YAML") {
    for (const auto& set : embedded_rule_sets()) {
        CAPTURE(set.name);
        RuleSet from_yaml = load_rules_text(set.text, "embedded:" + std::string(set.name));
        const RuleSet compiled = decode_rules(set.compiled);
        CHECK(compiled.sha256 == from_yaml.sha256);
        CHECK(compiled.origin == from_yaml.origin);
        CHECK(encode_rules(compiled) == encode_rules(from_yaml));
        const JsonOptions options{true, -1};
        for (const auto& m : grid()) {
            Measurements leg = m;
            try {
                check_ranges(from_yaml, leg);
            } catch (const InputError&) {
                continue;  // a measure this rule set does not declare
            }
            CHECK(assessment_json(compiled, leg, assess(compiled, leg), options) ==
                  assessment_json(from_yaml, leg, assess(from_yaml, leg), options));
        }
    }
}

TEST_CASE("codec: malformed bytes are an error not a crash") {
    const std::vector<std::uint8_t> junk{0xff, 0x00, 0x12};
    CHECK_THROWS_AS(decode_rules(junk), std::runtime_error);
}
