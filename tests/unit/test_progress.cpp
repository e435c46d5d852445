// Unit tests of follow-up across visits: dates, change classes, ordering, conflicts, the next
// step chosen from the changes, and the CSV reader.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <bit>
#include <chrono>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "thomas/embedded_rules.h"
#include "thomas/fields.h"
#include "thomas/progress.h"
#include "thomas/rule_loader.h"

namespace {

using thomas::Change;
using thomas::Measure;
using thomas::Measurements;
using thomas::Side;
using namespace thomas::progress;

Measurements visit(std::string patient, std::string date, Side side, double thigh, double knee,
                   std::string device = "", const std::string& done = "") {
    Measurements m;
    m.visit.patient = std::move(patient);
    m.visit.date = std::move(date);
    m.visit.device = std::move(device);
    m.side = side;
    m[Measure::thigh_angle] = thigh;
    m[Measure::knee_flexion] = knee;
    m[Measure::lumbar_flat] = 1.0;
    m.pain = thomas::PainSet{};
    m.pain->insert(thomas::Pain::stretch);
    if (!done.empty()) {
        m.done = thomas::parse_step_list(done);
    }
    return m;
}

std::vector<Course> follow(Tracker& t) {
    std::vector<Course> out;
    t.finish([&](const Course& c) { out.push_back(c); });
    return out;
}

const MeasureChange* since_first(const Course& c, Measure m) {
    for (const auto& ch : c.changes) {
        if (ch.measure == m && ch.since == Since::first && ch.to_visit + 1 == c.visits.size()) {
            return &ch;
        }
    }
    return nullptr;
}

}  // namespace

TEST_CASE("progress: ISO dates are real calendar days, counted from 1970") {
    CHECK(thomas::parse_iso_date("1970-01-01") == 0);
    CHECK(thomas::parse_iso_date("2026-01-05") == 20458);
    CHECK(thomas::parse_iso_date("2024-02-29").has_value());
    std::int32_t day = -1;
    CHECK(thomas::parse_iso_date("2026-01-05", day));
    CHECK(day == 20458);
    CHECK_FALSE(thomas::parse_iso_date("2026-02-30", day));
    for (const char* bad : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-1-5", "05.01.2026",
                            "2026-01-05T10:00", "", "1899-12-31", "2026/01/05"}) {
        CAPTURE(bad);
        CHECK_FALSE(thomas::parse_iso_date(bad).has_value());
    }
}

TEST_CASE("progress: every calendar day from 1900 to 2400 parses to std::chrono's count") {
    using namespace std::chrono;
    int checked = 0;
    for (sys_days day = sys_days(year(1900) / January / 1);
         day < sys_days(year(2401) / January / 1); day += days(1)) {
        const year_month_day ymd(day);
        const std::string text = fmt::format("{:04}-{:02}-{:02}", int(ymd.year()),
                                             unsigned(ymd.month()), unsigned(ymd.day()));
        const auto parsed = thomas::parse_iso_date(text);
        if (!parsed || *parsed != day.time_since_epoch().count()) {
            FAIL_CHECK(text);
        }
        ++checked;
    }
    CHECK(checked == 501 * 365 + 122);  // 122 leap days: 1904 to 2400, less 2100, 2200, 2300
    // A non-digit in any digit's place, or a day past the month's end, is not a date.
    for (const std::size_t at : {0, 1, 2, 3, 5, 6, 8, 9}) {
        for (const char c : {'/', ':', 'a', ' ', '\0'}) {
            std::string text = "2026-01-15";
            text[at] = c;
            CAPTURE(text);
            CHECK_FALSE(thomas::parse_iso_date(text).has_value());
        }
    }
    for (const char* bad : {"2026-04-31", "2100-02-29", "2000-02-30", "2026-01-32"}) {
        CAPTURE(bad);
        CHECK_FALSE(thomas::parse_iso_date(bad).has_value());
    }
    CHECK(thomas::parse_iso_date("2000-02-29").has_value());
}

TEST_CASE("progress: a change is real from the mdc on, and better decides its direction") {
    CHECK(classify(12, 4, 2.8, thomas::Better::lower) == Change::improved);
    CHECK(classify(12, 11, 2.8, thomas::Better::lower) == Change::no_reliable_change);
    CHECK(classify(12, 16, 2.8, thomas::Better::lower) == Change::worse);
    CHECK(classify(10, 12.8, 2.8, thomas::Better::lower) == Change::worse);  // exactly the mdc
    CHECK(classify(60, 80, 19.4, thomas::Better::higher) == Change::improved);
    CHECK(classify(20, 5, 10, thomas::Better::nearer_zero) == Change::improved);
    CHECK(classify(-5, -20, 10, thomas::Better::nearer_zero) == Change::worse);
    CHECK(classify(-10, 10, 10, thomas::Better::nearer_zero) == Change::no_reliable_change);
}

TEST_CASE("progress: the thigh improved beyond its mdc after steps 3 to 6: the plan goes on") {
    const auto& rules = thomas::default_rules();
    Tracker t(rules);
    t.add(visit("P1", "2026-03-30", Side::right, 4, 93, "", "3,4,5,6"), "b.yaml");
    t.add(visit("P1", "2026-01-05", Side::right, 12, 100), "a.yaml");  // out of order
    const auto courses = follow(t);
    REQUIRE(courses.size() == 1);
    const Course& c = courses[0];
    CHECK(c.visits.front().date == "2026-01-05");
    REQUIRE(since_first(c, Measure::thigh_angle) != nullptr);
    CHECK(since_first(c, Measure::thigh_angle)->change == Change::improved);
    CHECK(since_first(c, Measure::thigh_angle)->difference == -8);
    CHECK(since_first(c, Measure::thigh_angle)->mdc == doctest::Approx(2.8));
    CHECK(c.next_step == 3);
    CHECK(c.plan == std::vector<int>{3, 4, 5, 6});
    CHECK(c.why.find("from 12 to 4 degrees since 2026-01-05") != std::string::npos);
    CHECK(c.warnings.empty());
    CHECK(t.errors().empty());
}

TEST_CASE("progress: no reliable change after steps 3 to 6 leads to step 7, quoting the mdc") {
    const auto& rules = thomas::default_rules();
    Tracker t(rules);
    t.add(visit("P1", "2026-01-05", Side::right, 12, 100), "a.yaml");
    t.add(visit("P1", "2026-03-30", Side::right, 11, 100, "", "3,4,5,6"), "b.yaml");
    const auto courses = follow(t);
    REQUIRE(courses.size() == 1);
    CHECK(since_first(courses[0], Measure::thigh_angle)->change == Change::no_reliable_change);
    CHECK(courses[0].next_step == 7);
    CHECK(courses[0].why.find("from 12 to 11 degrees since 2026-01-05") != std::string::npos);
    CHECK(courses[0].why.find("2.8 degrees or more") != std::string::npos);
}

TEST_CASE("progress: a single test never reaches step 7 without --persists") {
    const auto& rules = thomas::default_rules();
    Measurements m = visit("P1", "2026-03-30", Side::right, 11, 100, "", "3,4,5,6");
    CHECK(thomas::assess(rules, m).next_step == 1);  // every planned step done: reassess
    m.persists = true;
    CHECK(thomas::assess(rules, m).next_step == 7);
}

TEST_CASE("progress: a criterion crossing is named since the first and since the previous visit") {
    const auto& rules = thomas::default_rules();
    Tracker t(rules);
    // The thigh fails, passes, fails; the shank is held forward at first (knee - thigh = 70),
    // then hangs vertically (90).
    t.add(visit("P1", "2026-01-05", Side::left, 12, 82), "a");
    t.add(visit("P1", "2026-02-05", Side::left, -5, 85), "b");
    t.add(visit("P1", "2026-03-05", Side::left, 12, 102), "c");
    const auto courses = follow(t);
    REQUIRE(courses.size() == 1);
    std::vector<std::string> seen;
    for (const Crossing& x : courses[0].crossings) {
        seen.push_back(fmt::format("{} {} {}->{} {}->{}", rules.criteria[x.criterion].id,
                                   to_string(x.since), x.from_visit, x.to_visit,
                                   thomas::to_string(x.from), thomas::to_string(x.to)));
    }
    // By visit, then criterion, then since: the order the JSON and CSV show.
    CHECK(seen == std::vector<std::string>{
                      "thigh_height first 0->1 fail->pass", "thigh_height previous 0->1 fail->pass",
                      "knee_bend first 0->1 fail->pass", "knee_bend previous 0->1 fail->pass",
                      "thigh_height previous 1->2 pass->fail", "knee_bend first 0->2 fail->pass"});
    // Changes likewise: by visit, then measure, then since.
    std::vector<std::string> changes;
    for (const MeasureChange& ch : courses[0].changes) {
        changes.push_back(fmt::format("{} {} {}->{}", thomas::to_string(ch.measure),
                                      to_string(ch.since), ch.from_visit, ch.to_visit));
    }
    CHECK(changes ==
          std::vector<std::string>{"thigh_angle first 0->1", "thigh_angle previous 0->1",
                                   "knee_flexion first 0->1", "knee_flexion previous 0->1",
                                   "thigh_angle first 0->2", "thigh_angle previous 1->2",
                                   "knee_flexion first 0->2", "knee_flexion previous 1->2"});
    // The changes since the previous visit run from the visit before, not from the first.
    std::vector<std::size_t> from_previous;
    for (const MeasureChange& ch : courses[0].changes) {
        if (ch.measure == Measure::thigh_angle && ch.since == Since::previous) {
            from_previous.push_back(ch.from_visit);
        }
    }
    CHECK(from_previous == std::vector<std::size_t>{0, 1});
}

TEST_CASE("progress: visits on different devices carry a warning; the change is still shown") {
    const auto& rules = thomas::default_rules();
    Tracker t(rules);
    t.add(visit("P1", "2026-01-05", Side::left, 12, 100, "goniometer"), "a");
    t.add(visit("P1", "2026-02-05", Side::left, 8, 98, "smartphone app"), "b");
    const auto courses = follow(t);
    REQUIRE(courses.size() == 1);
    REQUIRE(courses[0].warnings.size() == 1);
    CHECK(courses[0].warnings[0].starts_with(
        "2026-01-05 and 2026-02-05: measured with different devices (goniometer, smartphone "
        "app). Devices differ by about 3 degrees"));
    CHECK(since_first(courses[0], Measure::thigh_angle)->change == Change::improved);
}

TEST_CASE("progress: same-date visits: equal ones count once, different ones are errors") {
    const auto& rules = thomas::default_rules();
    Tracker t(rules);
    t.add(visit("P1", "2026-01-05", Side::left, 12, 100), "", 2);
    t.add(visit("P1", "2026-01-05", Side::left, 12, 100), "", 3);
    t.add(visit("P2", "2026-01-05", Side::left, 12, 100), "", 4);
    t.add(visit("P2", "2026-01-05", Side::left, 10, 100), "", 5);
    t.add(visit("P2", "2026-02-05", Side::left, 10, 100), "", 6);
    const auto courses = follow(t);
    REQUIRE(courses.size() == 2);
    CHECK(courses[0].visits.size() == 1);
    CHECK(courses[0].warnings ==
          std::vector<std::string>{"row 3 repeats row 2 (2026-01-05, same values): counted once",
                                   "no follow-up yet: one visit"});
    CHECK(courses[1].visits.size() == 1);  // only 2026-02-05 is left
    REQUIRE(t.errors().size() == 2);
    CHECK(t.errors()[0].row == 4);
    CHECK(t.errors()[1].row == 5);
    CHECK(t.errors()[0].message ==
          "patient P2, left leg: 2 visits on 2026-01-05 with different values (row 4, row 5); "
          "keep the right one and remove the others");
}

TEST_CASE("progress: every reading comes back exactly as given, tenths or not") {
    // Visits are stored compactly (tenths in 16 bits); finer or larger readings take another
    // path. Both must give back the very double that was added.
    const auto& rules = thomas::default_rules();
    Tracker t(rules);
    const std::vector<double> thighs{12.3, -0.0, 0.0, 12.25, 0.1 + 0.2, 3276.0, 3276.1, -15.5};
    for (std::size_t i = 0; i < thighs.size(); ++i) {
        const std::string date = "2026-01-" + std::to_string(10 + i);
        Measurements m = visit("P1", date, Side::left, thighs[i], 100);
        // 12.3, 0.0 and 3276.0 are kept as tenths; the others, and -15.5 with this rotation of
        // 7.05, take the wide path.
        m[Measure::rotation] = thighs[i] == -15.5 ? 7.05 : 4.0;
        t.add(m, "file" + std::to_string(i) + ".yaml");
    }
    const auto courses = follow(t);
    REQUIRE(courses.size() == 1);
    REQUIRE(courses[0].visits.size() == thighs.size());
    for (std::size_t i = 0; i < thighs.size(); ++i) {
        const auto& v = courses[0].visits[i];
        CAPTURE(i);
        REQUIRE(v.m[Measure::thigh_angle]);
        CHECK(std::bit_cast<std::uint64_t>(*v.m[Measure::thigh_angle]) ==
              std::bit_cast<std::uint64_t>(thighs[i]));  // -0.0 keeps its sign
        CHECK(*v.m[Measure::rotation] == (thighs[i] == -15.5 ? 7.05 : 4.0));
        CHECK(*v.m[Measure::knee_flexion] == 100);
        CHECK(!v.m[Measure::abduction]);
        CHECK(v.origin == "file" + std::to_string(i) + ".yaml");
    }
}

TEST_CASE("progress: same values on one date are a repeat, whichever way they are stored") {
    const auto& rules = thomas::default_rules();
    Tracker t(rules);
    t.add(visit("P1", "2026-01-05", Side::left, 12.25, 100), "a.yaml");
    t.add(visit("P1", "2026-01-05", Side::left, 12.25, 100), "", 7);  // a row, not a file
    t.add(visit("P1", "2026-01-06", Side::left, 12.25, 100), "c.yaml");
    t.add(visit("P1", "2026-01-06", Side::left, 12.3, 100), "d.yaml");
    t.add(visit("P2", "2026-01-05", Side::left, -0.0, 90), "e.yaml");  // kept wide
    t.add(visit("P2", "2026-01-05", Side::left, 0.0, 90), "f.yaml");   // kept as tenths
    const auto courses = follow(t);
    REQUIRE(courses.size() == 2);
    CHECK(courses[1].visits.size() == 1);
    CHECK(courses[1].warnings[0] ==
          "f.yaml repeats e.yaml (2026-01-05, same values): counted once");
    CHECK(courses[0].visits.size() == 1);
    CHECK(courses[0].warnings[0] == "row 7 repeats a.yaml (2026-01-05, same values): counted once");
    REQUIRE(t.errors().size() == 2);
    CHECK(t.errors()[0].origin == "c.yaml");
    CHECK(t.errors()[0].row == 0);
    CHECK(t.errors()[1].origin == "d.yaml");
}

TEST_CASE("progress: a visit without patient, date or side is an error, not dropped") {
    const auto& rules = thomas::default_rules();
    Tracker t(rules);
    Measurements m = visit("", "2026-01-05", Side::left, 1, 90);
    t.add(m, "", 2);
    m = visit("P1", "", Side::left, 1, 90);
    t.add(m, "", 3);
    m = visit("P1", "2026-01-05", Side::left, 1, 90);
    m.side.reset();
    t.add(m, "", 4);
    CHECK(follow(t).empty());
    REQUIRE(t.errors().size() == 3);
    CHECK(t.errors()[0].message.starts_with("no patient id"));
    CHECK(t.errors()[1].message.starts_with("no date"));
    CHECK(t.errors()[2].message.starts_with("no side"));
    CHECK(t.visits() == 0);
}

TEST_CASE("progress: both legs on the latest date are triaged as one patient") {
    const auto& rules = thomas::default_rules();
    Tracker t(rules);
    t.add(visit("P1", "2026-01-05", Side::left, -10, 80), "a");
    t.add(visit("P1", "2026-01-05", Side::right, 12, 100), "a");
    Measurements later = visit("P1", "2026-03-01", Side::left, -10, 80, "", "3,4,5,6");
    later.pain = thomas::parse_pain_list("groin");
    t.add(later, "b");
    t.add(visit("P1", "2026-03-01", Side::right, 11, 100, "", "3,4,5,6"), "b");
    const auto courses = follow(t);
    REQUIRE(courses.size() == 2);
    // Groin pain on the left rules out pathology before any step for either leg.
    CHECK(courses[0].next_step == 2);
    CHECK(courses[1].next_step == 2);
}

TEST_CASE("progress: a rule set without mdc is refused, naming the measure") {
    std::string origin;
    std::string text = thomas::rule_text("default", origin);
    // The knee's mdc lines (better, mdc_minus and mdc_source without mdc are errors too).
    for (const std::string line : {"    mdc: 19.6\n", "    mdc_minus: thigh_angle\n",
                                   "    mdc_source: [S9, S4, jacobson]\n"}) {
        const auto at = text.find(line);
        REQUIRE(at != std::string::npos);
        text.erase(at, line.size());
    }
    const auto better = text.find("    better: higher");
    REQUIRE(better != std::string::npos);
    text.erase(better, text.find('\n', better) - better + 1);
    thomas::LoadResult loaded;  // the knee example's expectation is now an error too
    const auto rules = thomas::parse_rules(text, "r.yaml", loaded);
    CHECK_THROWS_WITH_AS(require_mdc(rules), doctest::Contains("gives no mdc for knee_flexion"),
                         thomas::RuleError);
}

TEST_CASE("progress: CSV rows in any order, defaults patient_id and visit_date, bad rows kept") {
    const auto& rules = thomas::default_rules();
    std::istringstream in(
        "visit_date,patient_id,side,thigh_angle,knee_flexion,lumbar_flat,pain,done\n"
        "2026-03-30,P1,right,11,100,yes,stretch,3;4;5;6\n"
        "2026-01-05,P1,right,12,100,yes,stretch,\n"
        "05.01.2026,P2,left,1,90,yes,stretch,\n"
        "2026-01-05,P3,left,500,90,yes,stretch,\n");
    Tracker t(rules);
    CHECK(read_csv(rules, in, {}, t) == 4);
    const auto courses = follow(t);
    REQUIRE(courses.size() == 1);
    CHECK(courses[0].next_step == 7);
    REQUIRE(t.errors().size() == 2);
    CHECK(t.errors()[0].row == 4);
    CHECK(t.errors()[0].patient == "P2");
    CHECK(t.errors()[0].message ==
          "row 4 (line 4): column visit_date: expected a date YYYY-MM-DD (ISO 8601), found "
          "\"05.01.2026\"");
    CHECK(t.errors()[1].row == 5);
}

TEST_CASE("progress: a CSV row's empty examiner and device stay empty after a row with them") {
    const auto& rules = thomas::default_rules();
    std::istringstream in(
        "patient,date,side,thigh_angle,examiner,device\n"
        "P1,2026-01-05,left,12,Dr. A. Long-Examiner-Name,digital inclinometer\n"
        "P1,2026-02-05,left,4,,\n");
    Tracker t(rules);
    CHECK(read_csv(rules, in, {}, t) == 2);
    const auto courses = follow(t);
    REQUIRE(courses.size() == 1);
    REQUIRE(courses[0].visits.size() == 2);
    CHECK(courses[0].visits[0].examiner == "Dr. A. Long-Examiner-Name");
    CHECK(courses[0].visits[0].device == "digital inclinometer");
    CHECK(courses[0].visits[1].examiner.empty());
    CHECK(courses[0].visits[1].device.empty());
}

TEST_CASE("progress: a CSV without a patient column names the flag") {
    const auto& rules = thomas::default_rules();
    std::istringstream in("date,side,thigh_angle\n2026-01-05,left,3\n");
    Tracker t(rules);
    CHECK_THROWS_WITH_AS(read_csv(rules, in, {}, t),
                         "row 1 (header): no patient column (looked for patient, patient_id; "
                         "columns: date, side, thigh_angle); name it with --patient COLUMN",
                         thomas::MapError);
}
