// The HTML pages of `thomas report`: what each names, escaping, and the caseload built from
// batch's rows (counts, histograms, referrals first, error rows).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <numeric>
#include <sstream>
#include <string>

#include "markup.h"
#include "thomas/batch.h"
#include "thomas/embedded_rules.h"
#include "thomas/html_report.h"
#include "thomas/test_file.h"

namespace {

thomas::ReportInfo info() {
    return {"2026-09-21 14:13 UTC", "test input", "0.0.0"};
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

// Every page names the rule set, its version and SHA-256, the date, the judgement line.
void check_footer(const std::string& html, const thomas::RuleSet& rules) {
    CHECK(html.find("Rule set <strong>" + rules.name + "</strong> version " + rules.version) !=
          std::string::npos);
    CHECK(html.find(rules.sha256) != std::string::npos);
    CHECK(html.find("Made 2026-09-21 14:13 UTC") != std::string::npos);
    CHECK(html.find("thomas supports a clinician's judgement; it does not diagnose.") !=
          std::string::npos);
    // Nothing to run and nothing to fetch: the only URL is the SVG namespace.
    CHECK(html.find("<script") == std::string::npos);
    CHECK(count(html, "://") == count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
}

thomas::Caseload caseload_of(const std::string& csv, const std::string& patient = "") {
    const auto& rules = thomas::default_rules();
    thomas::Caseload caseload(rules);
    thomas::batch::BatchOptions options;
    options.format = thomas::batch::Format::none;
    options.patient_column = patient;
    options.on_row = [&](const thomas::batch::RowView& row) { caseload.add(row); };
    std::istringstream in(csv);
    std::ostringstream out;
    thomas::batch::run_batch(rules, in, out, options);
    CHECK(out.str().empty());  // Format::none writes nothing
    return caseload;
}

}  // namespace

TEST_CASE("report: one test with both legs") {
    const auto& rules = thomas::default_rules();
    const thomas::TestFile test = thomas::parse_test_file(
        "left: {thigh_angle: -8, knee_flexion: 88, lumbar_flat: yes, pain: stretch}\n"
        "right: {thigh_angle: 6, knee_flexion: 72, lumbar_flat: yes, pain: stretch}\n",
        "both.yaml", &rules);
    const std::string html = thomas::test_report_html(rules, test, info());
    check_footer(html, rules);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(count(html, "<svg xmlns") == 2);  // a drawing per leg
    CHECK(html.find("id=\"leg-left-title\"") != std::string::npos);
    CHECK(html.find("id=\"leg-right-title\"") != std::string::npos);
    CHECK(html.find("Patient: ") != std::string::npos);
    CHECK(html.find("Next step 3: Stretch the psoas") != std::string::npos);
    CHECK(html.find("<strong>How:</strong>") != std::string::npos);
    CHECK(html.find("Left against right") != std::string::npos);
    CHECK(html.find("notable difference") != std::string::npos);
    // Status in words and shapes: each criterion row of each leg has a badge with its word.
    CHECK(count(html, "class=\"shape s-fail\"") == 2);
    CHECK(count(html, ">FAIL</span>") == 2);
}

TEST_CASE("report: one leg, thigh not measured: no drawing, said in words") {
    const auto& rules = thomas::default_rules();
    thomas::Measurements m;
    m[thomas::Measure::knee_flexion] = 80;
    const std::string html = thomas::test_report_html(rules, thomas::TestFile{m}, info());
    check_footer(html, rules);
    CHECK(html.find("<svg") == std::string::npos);
    CHECK(html.find("Thigh angle not measured: no drawing.") != std::string::npos);
}

TEST_CASE("report: caseload counts, distributions, referrals first, error rows") {
    const std::string csv =
        "id,side,thigh_angle,knee_flexion,lumbar_flat,pain,red_flags,note\n"
        "a1,left,-10,80,yes,stretch,none,fine\n"
        "a2,right,6,72,yes,stretch,none,\"<script>alert(\"\"x\"\")</script>\"\n"
        "a3,left,-5,85,yes,hip,none,hip pain\n"
        "a4,right,-5,85,yes,stretch,trauma,fell\n"
        "a5,left,200,85,yes,stretch,none,typo\n"
        "a6,left,1,91,yes,stretch,none,\n";
    const thomas::Caseload c = caseload_of(csv);
    CHECK(c.rows == 6);
    CHECK(c.scored == 5);
    CHECK(c.errors == 1);
    CHECK(c.per_result[static_cast<std::size_t>(thomas::Result::refer)] == 2);
    CHECK(c.referral_count == 2);
    REQUIRE(c.referrals.size() == 2);
    CHECK(c.context_header == std::vector<std::string>{"id", "note"});
    REQUIRE(c.error_rows.size() == 1);
    CHECK(c.error_rows[0].first == 6);  // rows are numbered as in batch: the header is row 1
    // The thigh histogram holds every scored row that measured it.
    const auto& thigh = c.distributions.front();
    CHECK(thigh.measure == thomas::Measure::thigh_angle);
    CHECK(thigh.count == 5);
    CHECK(std::accumulate(thigh.fine.begin(), thigh.fine.end(), std::uint64_t{0}) == 5);
    CHECK(thigh.lo == -10);
    CHECK(thigh.hi == 6);

    const std::string html = thomas::caseload_report_html(c, info());
    check_footer(html, thomas::default_rules());
    // The hostile note is text.
    CHECK(html.find("<script>") == std::string::npos);
    // Referrals: the red flag (row 5) is listed before the hip pain (row 4).
    const auto red = html.find("<td class=\"num\">5</td><td>a4</td>");
    const auto hip = html.find("<td class=\"num\">4</td><td>a3</td>");
    REQUIRE(red != std::string::npos);
    REQUIRE(hip != std::string::npos);
    CHECK(red < hip);
    CHECK(html.find("Rows that could not be scored (1)") != std::string::npos);
    CHECK(html.find("thigh_angle 200 is outside the plausible range") != std::string::npos);
    // One histogram per measure a numeric criterion reads (rotation's two criteria share one;
    // measures no row measured get a sentence instead).
    CHECK(count(html, "class=\"histogram\"") == 2);
    CHECK(html.find("Thigh rotation (+ external, - internal): no row measured it.") !=
          std::string::npos);
}

TEST_CASE("report: a hostile note in the referral list is escaped") {
    const thomas::Caseload c = caseload_of(
        "id,side,thigh_angle,pain,note\n"
        "x,left,5,hip,\"<script>alert('x')</script><img src=x onerror=alert(1)>\"\n");
    const std::string html = thomas::caseload_report_html(c, info());
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x "
                    "onerror=alert(1)&gt;") != std::string::npos);
}

TEST_CASE("report: the caseload keeps at most k_max_listed rows of each list") {
    std::string csv = "side,thigh_angle,pain\n";
    for (int i = 0; i < 700; ++i) {
        csv += i % 2 == 0 ? "left,5,hip\n" : "left,500,none\n";
    }
    const thomas::Caseload c = caseload_of(csv);
    CHECK(c.referral_count == 350);
    CHECK(c.referrals.size() == 350);
    CHECK(c.errors == 350);
    CHECK(c.error_rows.size() == 350);
    std::string big;
    for (int i = 0; i < 1200; ++i) {
        big += "left,5,hip\n";
    }
    const thomas::Caseload d = caseload_of("side,thigh_angle,pain\n" + big);
    CHECK(d.referral_count == 1200);
    CHECK(d.referrals.size() == thomas::Caseload::k_max_listed);
    const std::string html = thomas::caseload_report_html(d, info());
    CHECK(html.find("The first 500 of 1200 are listed") != std::string::npos);
}

TEST_CASE("report: the patient's verdict decides a paired row's referral") {
    // Pain on the left leg refers the patient: both rows are listed.
    const thomas::Caseload c = caseload_of(
        "patient,side,thigh_angle,knee_flexion,lumbar_flat,pain\n"
        "p1,left,-10,80,yes,hip\n"
        "p1,right,-10,80,yes,stretch\n",
        "patient");
    CHECK(c.referral_count == 2);
}

TEST_CASE("report: visits of a patient, per judged measure a chart, the next step, errors") {
    const auto& rules = thomas::default_rules();
    thomas::progress::Tracker tracker(rules);
    std::istringstream in(
        "patient,date,side,thigh_angle,knee_flexion,lumbar_flat,pain,examiner\n"
        "<script>x</script>,2026-02-16,right,8,97,yes,stretch,A & B\n"
        "<script>x</script>,2026-01-05,right,12,100,yes,stretch,A & B\n"
        "<script>x</script>,2026-03-30,right,4,93,yes,stretch,A & B\n"
        "P-2,2026-01-05,left,500,90,yes,stretch,\n");
    thomas::progress::read_csv(rules, in, {}, tracker);
    std::vector<thomas::progress::Course> courses;
    tracker.finish([&](const thomas::progress::Course& c) { courses.push_back(c); });
    REQUIRE(courses.size() == 1);
    const auto& course = courses.front();
    const std::string html = thomas::visits_report_html(rules, courses, tracker.errors(), info());
    check_footer(html, rules);
    const auto has = [&](const std::string& what) {
        CHECK_MESSAGE(html.find(what) != std::string::npos, what);
    };
    // The patient id and examiner are text; one section (one printed page) per patient and leg.
    has("<h2>Patient &lt;script&gt;x&lt;/script&gt;, right leg</h2>");
    has("A &amp; B");
    CHECK(count(html, "<section class=\"patient\">") == 1);
    // One chart per measure with an mdc: the thigh, and the knee as judged (minus the thigh).
    CHECK(count(html, "<svg") == 2);
    has("Knee flexion minus thigh angle (°)");
    const auto& thigh = rules.measure(thomas::Measure::thigh_angle);
    const auto& knee = rules.measure(thomas::Measure::knee_flexion);
    REQUIRE(thigh.mdc);
    REQUIRE(knee.mdc);
    // The MDC, cut-off and borderline band come from the rule set.
    has(fmt::format(">baseline ± MDC {:g}<", *thigh.mdc));
    has(fmt::format(">baseline ± MDC {:g}<", *knee.mdc));
    for (const auto& c : rules.criteria) {
        if (c.measure == thomas::Measure::thigh_angle && !c.minus && c.cutoff) {
            has(fmt::format(">cut-off {:g}<", *c.cutoff));
        }
    }
    // In date order; the thigh 12 -> 8 -> 4 improves by more than its mdc each time, the knee
    // against the thigh (88, 89, 89) does not change reliably.
    CHECK(html.find(">2026-01-05<") < html.find(">2026-02-16<"));
    CHECK(count(html, "mark-improved") == 2);
    CHECK(count(html, "mark-same") == 2);
    CHECK(count(html, "mark-baseline") == 2);
    has(">88<");
    // The next step, its reason and advice, as progress chose them.
    const auto& step = rules.step(course.next_step);
    has(fmt::format("Next step {}. ", course.next_step));
    has(thomas::markup::escape(step.title));
    CHECK(!course.why.empty());
    has(thomas::markup::escape(course.why));
    // The row that could not be followed.
    has("Inputs not followed (1)");
    has("<td>P-2</td>");
}
