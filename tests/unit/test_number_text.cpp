#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "thomas/number_text.h"

namespace {

std::string text(double v) {
    thomas::NumberBuffer buffer;
    return std::string(thomas::number_text(v, buffer));
}

}  // namespace

TEST_CASE("number_text writes what fmt's {:g} writes") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    std::vector<double> values{
        0.0,      -0.0,     1.0,     -8.0,     67.9,     0.1 + 0.2, 1e-5,     0.05,   -0.05,
        123456.7, 999999.5, 1e6,     -1e-7,    19.6,     2.8,       5.5,      -12.25, 1234567890.0,
        0.0001,   1e5,      99999.9, -99999.9, 99999.95, 99999.0,   100000.1, 0.1,    -0.1,
        0.15,     -0.5,     inf,     -inf,     1e300,    4.9e-324};
    std::mt19937 rng(5);
    for (int i = 0; i < 20000; ++i) {
        // Tenths over the fast path's whole range, a step either side of them, and any double.
        const double tenths =
            static_cast<double>(static_cast<int>(rng() % 2000001) - 1000000) / 10.0;
        values.push_back(tenths);
        values.push_back(std::nextafter(tenths, inf));
        values.push_back(std::nextafter(tenths, -inf));
        values.push_back(static_cast<double>(static_cast<int>(rng() % 4001) - 2000) / 100.0);
        values.push_back(std::ldexp(static_cast<double>(rng()), static_cast<int>(rng() % 80) - 60));
    }
    for (const double v : values) {
        CAPTURE(v);
        CHECK(text(v) == fmt::format("{:g}", v));
    }
    CHECK(text(std::numeric_limits<double>::quiet_NaN()) == fmt::format("{:g}", std::nan("")));
}

TEST_CASE("number_text: the shapes a reading takes") {
    CHECK(text(12) == "12");
    CHECK(text(-8) == "-8");
    CHECK(text(12.5) == "12.5");
    CHECK(text(-0.5) == "-0.5");
    CHECK(text(-0.0) == "-0");
    CHECK(text(1e6) == "1e+06");
    CHECK(thomas::number_string(67.9) == "67.9");
}
