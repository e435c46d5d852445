// The result line of text output: worded by the rule set's `headlines:`, the first row that
// applies, with {tissues} and {flags} filled in; without headlines, the bare ids.
#include <doctest/doctest.h>

#include "../unit/rules_fixture.h"
#include "render_parts.h"
#include "thomas/embedded_rules.h"

using namespace thomas;
using thomas::cli::Style;
using thomas::cli::text::headline;

TEST_CASE("headline: the first row that applies, with tissues and flags filled in") {
    const RuleSet& rules = default_rules();
    const Style plain{false};
    TissueSet tissues;
    tissues.insert(Tissue::iliopsoas);
    tissues.insert(Tissue::rectus_femoris);
    FlagSet flags;
    flags.insert(Flag::hip_joint);
    CHECK(headline(rules, Result::positive, tissues, {}, {3, 4}, plain) ==
          "POSITIVE: iliopsoas and rectus femoris implicated");
    CHECK(headline(rules, Result::positive, {}, {}, {1}, plain) == "POSITIVE: a criterion failed");
    CHECK(headline(rules, Result::refer, tissues, flags, {2, 3}, plain) ==
          "REFER: rule out hip joint before any stretching");
    // Step 2 recorded done: the flags stay named, the line no longer asks to rule them out.
    CHECK(headline(rules, Result::refer, tissues, flags, {3}, plain) ==
          "REFER: hip joint flagged; recorded as ruled out (step 2 done)");
    flags.insert(Flag::red_flag);
    CHECK(headline(rules, Result::refer, tissues, flags, {}, plain)
              .starts_with("URGENT REFERRAL: red flag in the history"));
    // Only the label before the first ':' takes the result's colour.
    const std::string coloured = headline(rules, Result::negative, {}, {}, {5}, Style{true});
    CHECK(coloured.find("NEGATIVE") < coloured.find("\x1b[0m"));
    CHECK(coloured.ends_with(": no hip flexor length deficit found"));
}

TEST_CASE("headline: a rule set without headlines shows the result and the ids found") {
    const RuleSet rules = load_rules_text(test::k_small_rules, "r.yaml");
    REQUIRE(rules.headlines.empty());
    TissueSet tissues;
    tissues.insert(Tissue::iliopsoas);
    CHECK(headline(rules, Result::positive, tissues, {}, {}, Style{false}) ==
          "POSITIVE: iliopsoas");
    CHECK(headline(rules, Result::negative, {}, {}, {}, Style{false}) == "NEGATIVE");
}
