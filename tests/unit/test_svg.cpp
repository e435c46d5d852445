// The SVG drawings of `thomas report`: golden files (tests/unit/svg/*.svg) for the leg at
// several angles, the extremes of the default plausible ranges included, a histogram and a
// visit series; the leg's angles read back from the SVG; escaping.
// THOMAS_UPDATE_GOLDEN=1 rewrites the golden files (review the diff before committing).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <numbers>
#include <regex>
#include <sstream>
#include <string>

#include "markup.h"
#include "thomas/leg_geometry.h"
#include "thomas/svg_charts.h"

namespace {

using thomas::svg::AngleGuide;
using thomas::svg::LegFigure;

std::string golden_path(const std::string& name) {
    return std::string(THOMAS_SVG_GOLDEN_DIR) + "/" + name + ".svg";
}

// Compares with the golden file, or writes it when THOMAS_UPDATE_GOLDEN is set.
void check_golden(const std::string& name, const std::string& svg) {
    const std::string path = golden_path(name);
    if (std::getenv("THOMAS_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(path, std::ios::binary) << svg;
    }
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "missing golden file " << path);
    std::stringstream expected;
    expected << in.rdbuf();
    CHECK_MESSAGE(svg == expected.str(), "differs from " << path);
}

// The default rule set's guides as plain numbers: thigh cut-off 0 with a borderline band from
// -2 to 2; the shank vertical (knee flexion minus thigh angle 90) with borderline 76 to 83.
LegFigure figure(double thigh, std::optional<double> knee) {
    LegFigure f;
    f.id = "leg";
    f.title = "Right leg, side view";
    f.description = "test drawing";
    f.thigh_angle = thigh;
    f.knee_flexion = knee;
    f.thigh_guide = AngleGuide{0.0, {{-2.0, 2.0}}, "thigh cut-off 0°"};
    f.shank_guide = AngleGuide{-90.0, {{-83.0, -76.0}}, "knee cut-off"};
    return f;
}

// The direction in degrees above horizontal of the <line class="NAME"> in `svg`, and its length.
std::pair<double, double> line_of(const std::string& svg, const std::string& name) {
    const std::regex re("<line class=\"" + name +
                        "\" x1=\"([-0-9.]+)\" y1=\"([-0-9.]+)\" x2=\"([-0-9.]+)\" "
                        "y2=\"([-0-9.]+)\"");
    std::smatch m;
    REQUIRE_MESSAGE(std::regex_search(svg, m, re), "no " << name << " line");
    const double dx = std::stod(m[3]) - std::stod(m[1]);
    const double dy = -(std::stod(m[4]) - std::stod(m[2]));  // SVG's y points down
    return {std::atan2(dy, dx) * 180.0 / std::numbers::pi, std::hypot(dx, dy)};
}

// The difference of two directions, in (-180, 180].
double turn(double a, double b) {
    double d = std::fmod(a - b, 360.0);
    if (d <= -180) {
        d += 360;
    }
    if (d > 180) {
        d -= 360;
    }
    return d;
}

}  // namespace

TEST_CASE("svg leg: golden drawings at ordinary and extreme angles") {
    // The default rule set's plausible ranges: thigh -45 to 90, knee flexion -10 to 160.
    check_golden("leg-hanging", thomas::svg::leg_svg(figure(-10, 80)));
    check_golden("leg-raised-thigh", thomas::svg::leg_svg(figure(12, 50)));
    check_golden("leg-thigh-only", thomas::svg::leg_svg(figure(6, std::nullopt)));
    check_golden("leg-min-min", thomas::svg::leg_svg(figure(-45, -10)));
    check_golden("leg-max-max", thomas::svg::leg_svg(figure(90, 160)));
    check_golden("leg-min-thigh-max-knee", thomas::svg::leg_svg(figure(-45, 160)));
    check_golden("leg-max-thigh-min-knee", thomas::svg::leg_svg(figure(90, -10)));
}

TEST_CASE("svg leg: the drawn thigh and shank point where the angles say, to scale") {
    for (const double thigh : {-45.0, -20.0, -2.5, 0.0, 13.7, 45.0, 90.0}) {
        for (const double knee : {-10.0, 0.0, 37.0, 90.0, 123.4, 160.0}) {
            CAPTURE(thigh);
            CAPTURE(knee);
            const std::string svg = thomas::svg::leg_svg(figure(thigh, knee));
            const auto [thigh_drawn, thigh_length] = line_of(svg, "thigh");
            const auto [shank_drawn, shank_length] = line_of(svg, "shank");
            CHECK(std::abs(turn(thigh_drawn, thigh)) < 0.05);
            // Flexion turns the shank down from the line of the thigh.
            CHECK(std::abs(turn(thigh_drawn - shank_drawn, knee)) < 0.05);
            CHECK(thigh_length == doctest::Approx(thomas::svg::k_thigh_units).epsilon(0.001));
            CHECK(shank_length == doctest::Approx(thomas::svg::k_shank_units).epsilon(0.001));
            // The whole drawing stays inside its viewBox.
            std::smatch m;
            REQUIRE(std::regex_search(svg, m,
                                      std::regex("viewBox=\"([-0-9.]+) ([-0-9.]+) ([0-9.]+) "
                                                 "([0-9.]+)\"")));
            const double left = std::stod(m[1]);
            const double top = std::stod(m[2]);
            const double right = left + std::stod(m[3]);
            const double bottom = top + std::stod(m[4]);
            const auto pose = thomas::geometry::leg_pose(thigh, knee, thomas::svg::k_thigh_units,
                                                         thomas::svg::k_shank_units);
            for (const auto& p : {*pose.knee, *pose.foot}) {
                CHECK(p.x > left);
                CHECK(p.x < right);
                CHECK(-p.y > top);
                CHECK(-p.y < bottom);
            }
        }
    }
}

TEST_CASE("svg leg: the cut-off lines follow the guides") {
    const std::string svg = thomas::svg::leg_svg(figure(-10, 80));
    // The thigh cut-off from the hip at 0 degrees, the knee's from the knee straight down.
    const std::regex cutoff(
        "<line class=\"cutoff\" x1=\"([-0-9.]+)\" y1=\"([-0-9.]+)\" x2=\"([-0-9.]+)\" "
        "y2=\"([-0-9.]+)\"");
    std::vector<double> angles;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), cutoff);
         it != std::sregex_iterator(); ++it) {
        const auto& m = *it;
        angles.push_back(
            std::atan2(-(std::stod(m[4]) - std::stod(m[2])), std::stod(m[3]) - std::stod(m[1])) *
            180.0 / std::numbers::pi);
    }
    REQUIRE(angles.size() == 2);
    CHECK(angles[0] == doctest::Approx(0.0));
    CHECK(angles[1] == doctest::Approx(-90.0));
    CHECK(svg.find("<title id=\"leg-title\">Right leg, side view</title>") != std::string::npos);
    CHECK(svg.find("aria-labelledby=\"leg-title leg-desc\"") != std::string::npos);
}

TEST_CASE("svg leg: hostile titles are text") {
    LegFigure f = figure(0, 90);
    f.title = "<script>alert(\"x\")</script> & 'y'";
    const std::string svg = thomas::svg::leg_svg(f);
    CHECK(svg.find("<script>") == std::string::npos);
    CHECK(svg.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;") !=
          std::string::npos);
}

TEST_CASE("markup: escaping and numbers") {
    using thomas::markup::escape;
    using thomas::markup::num;
    CHECK(escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;");
    CHECK(escape("Kniebeugung (°) ✓") == "Kniebeugung (°) ✓");
    CHECK(escape("bad \xff byte") == "bad \xEF\xBF\xBD byte");
    CHECK(escape("cut \xE2\x9C") == "cut \xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(escape("bell\x07 tab\t") == "bell\xEF\xBF\xBD tab\t");
    CHECK(escape("overlong \xC0\xAF") == "overlong \xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(num(0) == "0");
    CHECK(num(-0.001) == "0");
    CHECK(num(12.5) == "12.5");
    CHECK(num(-3.14159) == "-3.14");
    CHECK(num(100) == "100");
}

TEST_CASE("svg histogram: golden, one bar per non-empty bin") {
    thomas::svg::Histogram h;
    h.id = "dist-1";
    h.title = "Thigh angle: distribution over 20 rows";
    h.description = "test histogram";
    h.axis_label = "Thigh angle (°)";
    h.start = -12;
    h.width = 2;
    h.counts = {1, 0, 3, 5, 4, 2, 2, 0, 1, 2};
    h.cutoffs = {0};
    h.regions = {{-12, -2, thomas::Status::pass},
                 {-2, 2, thomas::Status::borderline},
                 {2, 8, thomas::Status::fail}};
    const std::string svg = thomas::svg::histogram_svg(h);
    check_golden("histogram", svg);
    std::size_t bars = 0;
    for (std::size_t at = svg.find("class=\"bin\""); at != std::string::npos;
         at = svg.find("class=\"bin\"", at + 1)) {
        ++bars;
    }
    CHECK(bars == 8);
    for (const char* word : {">pass<", ">borderline<", ">fail<", ">cut-off 0<"}) {
        CHECK_MESSAGE(svg.find(word) != std::string::npos, word);
    }
}

TEST_CASE("svg series: golden visits with the cut-off, borderline and MDC bands") {
    thomas::svg::Series s;
    s.id = "series-thigh";
    s.title = "Thigh angle over 4 visits";
    s.description = "test series";
    s.axis_label = "Thigh angle (°)";
    using thomas::svg::Change;
    s.points = {{"2026-01-05", 8, Change::none},
                {"2026-02-02", 6, Change::no_reliable_change},
                {"2026-03-02", 1, Change::improved},
                {"2026-04-06", 5, Change::worse}};
    s.cutoff = 0;
    s.borderline = {{-2, 2}};
    s.mdc = 3;
    const std::string svg = thomas::svg::series_svg(s);
    check_golden("series", svg);
    for (const char* word : {">baseline<", ">improved<", ">worse<", ">no reliable change<",
                             ">baseline ± MDC 3<", ">cut-off 0<", ">2026-03-02<"}) {
        CHECK_MESSAGE(svg.find(word) != std::string::npos, word);
    }
}
