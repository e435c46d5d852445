// json::Writer against nlohmann's dump, which it replaces byte for byte: string escapes and
// U+FFFD replacement of every shape of invalid UTF-8, number forms, layout at each indent.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "json_writer.h"

namespace {

using Json = nlohmann::ordered_json;

std::string nlohmann_dump(const Json& j, int indent = -1) {
    return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string writer_string(std::string_view s) {
    std::string out;
    thomas::json::append_string(out, s);
    return out;
}

std::string writer_double(double v) {
    std::string out;
    thomas::json::append_double(out, v);
    return out;
}

std::string hex(std::string_view s) {
    std::string out;
    for (const char c : s) {
        constexpr std::string_view digits = "0123456789abcdef";
        const auto b = static_cast<unsigned char>(c);
        out += digits[b >> 4];
        out += digits[b & 0xF];
        out += ' ';
    }
    return out;
}

void check_string(const std::string& s) {
    CAPTURE(hex(s));
    CHECK(writer_string(s) == nlohmann_dump(Json(s)));
}

// Bytes at the edges of every UTF-8 rule: ASCII, escapes, continuation ranges, leads with a
// restricted second byte (E0, ED, F0, F4), never-valid bytes (C0, C1, F5..FF).
const std::vector<unsigned char> k_edge_bytes = {
    0x00, 0x08, 0x1f, 0x20, '"',  'a',  '\\', 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf,
    0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xed, 0xef, 0xf0, 0xf3, 0xf4, 0xf5, 0xff};

}  // namespace

TEST_CASE("json writer: tricky strings are escaped exactly as nlohmann does") {
    const std::vector<std::string> cases = {
        "",
        "plain",
        "quote \" backslash \\ slash /",
        "\b\f\n\r\t",
        std::string("nul \0 here", 10),
        "\x01\x1f\x7f",
        "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",  // valid 2-, 3- and 4-byte
        "\x80",                                       // lone continuation byte
        "a\xBF"
        "b",
        "\xC3",   // truncated 2-byte at the end
        "\xC3x",  // ... in the middle
        "\xE2\x82",
        "\xE2\x82x",
        "\xE2",
        "\xF0\x9F\x98",
        "\xF0\x9F\x98x",
        "\xF0\x9F",
        "\xF0",
        "\xC0\xAF",          // overlong '/'
        "\xC1\xBF",          // overlong
        "\xE0\x80\xAF",      // overlong 3-byte
        "\xE0\x9F\xBF",      // overlong 3-byte, top
        "\xF0\x80\x80\xAF",  // overlong 4-byte
        "\xF0\x8F\xBF\xBF",  // overlong 4-byte, top
        "\xED\xA0\x80",      // surrogate U+D800
        "\xED\xBF\xBF",      // surrogate U+DFFF
        "\xED\x9F\xBF",      // U+D7FF, valid
        "\xF4\x8F\xBF\xBF",  // U+10FFFF, valid
        "\xF4\x90\x80\x80",  // above U+10FFFF
        "\xF5\x80\x80\x80",
        "\xFE\xFF",
        "\xC3\xA9\xC3",
        "x\xE2\x82\xE2\x82\xAC",  // truncated, then a complete sequence
        "\xF0\x9F\x98\x80\x80",   // valid then a stray continuation
    };
    for (const auto& s : cases) {
        check_string(s);
    }
}

TEST_CASE("json writer: every string of up to three edge bytes matches nlohmann") {
    for (unsigned a = 0; a < 256; ++a) {
        check_string(std::string(1, static_cast<char>(a)));
        for (unsigned b = 0; b < 256; ++b) {
            const std::string s = {static_cast<char>(a), static_cast<char>(b)};
            if (writer_string(s) != nlohmann_dump(Json(s))) {
                check_string(s);  // reports only the failures (doctest CHECKs are slow)
            }
        }
    }
    for (const auto a : k_edge_bytes) {
        for (const auto b : k_edge_bytes) {
            for (const auto c : k_edge_bytes) {
                for (const auto d : {0x80, 0xbf, 0x41}) {
                    const std::string s = {static_cast<char>(a), static_cast<char>(b),
                                           static_cast<char>(c), static_cast<char>(d)};
                    if (writer_string(s) != nlohmann_dump(Json(s))) {
                        check_string(s);
                    }
                }
            }
        }
    }
}

TEST_CASE("json writer: random strings of edge bytes match nlohmann") {
    std::mt19937 random(12345);
    std::uniform_int_distribution<std::size_t> length(0, 16);
    std::uniform_int_distribution<std::size_t> pick(0, k_edge_bytes.size() - 1);
    for (int i = 0; i < 100000; ++i) {
        std::string s(length(random), ' ');
        for (auto& c : s) {
            c = static_cast<char>(k_edge_bytes[pick(random)]);
        }
        if (writer_string(s) != nlohmann_dump(Json(s))) {
            check_string(s);
        }
    }
}

TEST_CASE("json writer: numbers print as nlohmann prints them") {
    const double cases[] = {0.0,
                            -0.0,
                            90.0,
                            8.7,
                            1e-7,
                            1e300,
                            -45.5,
                            0.1 + 0.2,
                            1e15,
                            1e16,
                            123456789012345678.0,
                            0.0001,
                            0.00001,
                            -8191.9000000000005,  // Grisu2 is not the shortest form here
                            std::numeric_limits<double>::denorm_min(),
                            std::numeric_limits<double>::max(),
                            std::numeric_limits<double>::lowest()};
    for (const double v : cases) {
        CAPTURE(v);
        CHECK(writer_double(v) == nlohmann_dump(Json(v)));
    }
    CHECK(writer_double(90) == "90.0");
    CHECK(writer_double(8.7) == "8.7");
    CHECK(writer_double(std::numeric_limits<double>::quiet_NaN()) == "null");
    CHECK(writer_double(-std::numeric_limits<double>::infinity()) == "null");

    // Whole numbers take a shortcut past Grisu2: every one near the measured range, then a
    // spread up to and past where nlohmann switches to an exponent (1e15).
    for (int n = -200000; n <= 200000; ++n) {
        const double x = n;
        if (writer_double(x) != nlohmann_dump(Json(x))) {
            CAPTURE(x);
            CHECK(writer_double(x) == nlohmann_dump(Json(x)));
        }
    }
    std::mt19937_64 whole(3);
    for (int i = 0; i < 100000; ++i) {
        const int digits = static_cast<int>(whole() % 18);
        const double x = std::trunc(static_cast<double>(whole() % 2000000 - 1000000) *
                                    std::pow(10.0, digits - 6));
        if (writer_double(x) != nlohmann_dump(Json(x))) {
            CAPTURE(x);
            CHECK(writer_double(x) == nlohmann_dump(Json(x)));
        }
    }
    for (const double x : {1e15 - 1, 1e15, -1e15 + 1, -1e15, 9007199254740992.0, 1e17}) {
        CAPTURE(x);
        CHECK(writer_double(x) == nlohmann_dump(Json(x)));
    }

    std::mt19937_64 random(7);
    for (int i = 0; i < 100000; ++i) {
        const std::uint64_t bits = random();
        double v;
        std::memcpy(&v, &bits, sizeof v);
        const double tenths = static_cast<double>(static_cast<std::int64_t>(bits % 40000) - 20000);
        for (const double x : {v, tenths / 10, tenths * 0.1, tenths / 100 - tenths / 1000}) {
            if (writer_double(x) != nlohmann_dump(Json(x))) {
                CAPTURE(x);
                CHECK(writer_double(x) == nlohmann_dump(Json(x)));
            }
        }
    }
}

TEST_CASE("json writer: layout matches nlohmann at every indent") {
    // {"a": 1, "e": {}, "l": [], "n": [null, true, false, "s", {"k": [2.5, {}]}], "u":
    // 18446744073709551615, "i": -3}
    Json expected = Json::object();
    expected["a"] = 1;
    expected["e"] = Json::object();
    expected["l"] = Json::array();
    Json inner = Json::object();
    inner["k"] = Json::array({2.5, Json::object()});
    expected["n"] = Json::array({nullptr, true, false, "s", inner});
    expected["u"] = std::numeric_limits<std::uint64_t>::max();
    expected["i"] = -3;
    for (const int indent : {-1, 0, 2, 4}) {
        CAPTURE(indent);
        std::string out = "prefix ";  // the writer appends
        thomas::json::Writer w(out, indent);
        w.begin_object();
        w.key("a");
        w.number(1);
        w.key("e");
        w.begin_object();
        w.end_object();
        w.key("l");
        w.begin_array();
        w.end_array();
        w.key("n");
        w.begin_array();
        w.null();
        w.boolean(true);
        w.boolean(false);
        w.string("s");
        w.begin_object();
        w.key("k");
        w.begin_array();
        w.number(2.5);
        w.begin_object();
        w.end_object();
        w.end_array();
        w.end_object();
        w.end_array();
        w.key("u");
        w.number(std::numeric_limits<std::uint64_t>::max());
        w.key("i");
        w.number(-3);
        w.end_object();
        CHECK(out == "prefix " + nlohmann_dump(expected, indent));
    }
    for (const std::string a : {"ok", "bad end \xE2\x82", "\xF0"}) {
        std::string out;
        thomas::json::Writer(out).string(a, " suffix");
        CHECK(out == nlohmann_dump(Json(a + " suffix")));
    }
    for (const int indent : {-1, 2}) {
        std::string out;
        thomas::json::Writer w(out, indent);
        w.begin_array();
        w.end_array();
        CHECK(out == "[]");
    }
}
