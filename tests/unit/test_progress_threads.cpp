// `progress` on several threads: interned ids, blocks used in order, and the output of
// Tracker::finish(jobs, ...) byte for byte that of the one-thread finish(fn), on random
// shuffled histories with repeats, conflicts and bad visits.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "interner.h"
#include "ordered_blocks.h"
#include "thomas/embedded_rules.h"
#include "thomas/progress.h"

namespace {

using thomas::Measure;
using thomas::Measurements;
using thomas::Side;
using namespace thomas::progress;

// A random clinic history: few dates per patient (so same-date repeats and conflicts happen),
// missing values, two devices, some visits without a date or side; shuffled.
std::vector<Measurements> random_history(std::mt19937& rng, int patients) {
    std::vector<Measurements> out;
    std::uniform_int_distribution<int> visits(1, 5);
    std::uniform_int_distribution<int> day(1, 6);
    std::uniform_int_distribution<int> angle(-20, 25);
    std::uniform_int_distribution<int> percent(0, 99);
    for (int p = 0; p < patients; ++p) {
        // Ids longer and shorter than the interner's 16 bytes kept in its table.
        std::string id = p % 3 == 0 ? "patient-with-a-long-id-" : "P";
        id += std::to_string(p);
        for (const Side side : {Side::left, Side::right}) {
            const int n = visits(rng);
            for (int v = 0; v < n; ++v) {
                Measurements m;
                m.visit.patient = id;
                m.visit.date = "2026-03-0";
                m.visit.date += static_cast<char>('0' + day(rng));
                const std::string_view device = percent(rng) < 70 ? "goniometer" : "inclinometer";
                m.visit.device.assign(device.data(), device.size());
                if (percent(rng) < 50) {
                    m.visit.examiner.push_back('A');  // "= \"A\"" trips GCC 12's -Wrestrict
                }
                m.side = side;
                m[Measure::thigh_angle] = angle(rng);
                if (percent(rng) < 80) {
                    m[Measure::knee_flexion] = 60 + angle(rng);
                }
                m[Measure::lumbar_flat] = percent(rng) < 90 ? 1.0 : 0.0;
                m.pain = thomas::PainSet{};
                if (percent(rng) < 10) {
                    m.pain->insert(thomas::Pain::hip);
                }
                if (percent(rng) < 30) {
                    m.done = thomas::parse_step_list("3;4;5;6");
                }
                if (percent(rng) < 3) {
                    m.visit.date.clear();
                }
                out.push_back(m);
                if (percent(rng) < 10) {
                    out.push_back(m);  // an exported line twice: counted once
                }
            }
        }
    }
    std::shuffle(out.begin(), out.end(), rng);
    return out;
}

void add_all(Tracker& t, const std::vector<Measurements>& history) {
    std::uint64_t row = 2;
    for (const Measurements& m : history) {
        t.add(m, "", row++);
    }
}

template <class Output>
std::string one_thread(const std::vector<Measurements>& history) {
    const auto& rules = thomas::default_rules();
    Tracker t(rules);
    add_all(t, history);
    std::ostringstream out;
    {
        Output o(rules, out);
        t.finish([&](const Course& c) { o.course(c); });
        o.finish(t.errors());
    }
    return out.str();
}

template <class Output>
std::string threads(const std::vector<Measurements>& history, unsigned jobs,
                    std::size_t per_block) {
    const auto& rules = thomas::default_rules();
    Tracker t(rules);
    add_all(t, history);
    std::ostringstream out;
    {
        Output o(rules, out);
        t.finish(
            jobs, [&] { return o.render(); }, [&](const std::string& text) { o.courses(text); },
            per_block);
        o.finish(t.errors());
    }
    return out.str();
}

}  // namespace

TEST_CASE("interner: ids in the order first seen, short and long texts, through growth") {
    thomas::detail::Interner strings;
    std::vector<std::string> texts;
    for (int i = 0; i < 5000; ++i) {
        std::string text = i % 2 == 0 ? std::string() : std::string(17 + i % 9, 'x');
        text += std::to_string(i);
        texts.push_back(text);
    }
    texts.emplace_back("");
    texts.emplace_back("0123456789abcdef");   // exactly the 16 bytes kept in the table
    texts.emplace_back("0123456789abcdefg");  // the same 16 first bytes, one more
    for (std::size_t i = 0; i < texts.size(); ++i) {
        REQUIRE(strings.id(texts[i]) == i);
    }
    for (std::size_t i = texts.size(); i-- > 0;) {
        CHECK(strings.id(texts[i]) == i);
        CHECK(strings.text(static_cast<std::uint32_t>(i)) == texts[i]);
    }
    CHECK(strings.size() == texts.size());
}

TEST_CASE("ordered blocks: used in block order whatever order the threads finish in") {
    for (const unsigned jobs : {1u, 2u, 3u, 8u}) {
        std::vector<std::size_t> used;
        std::mt19937 rng(jobs);
        std::vector<int> delay(200);
        for (int& d : delay) {
            d = static_cast<int>(rng() % 300);
        }
        thomas::detail::for_blocks_in_order<std::size_t>(
            delay.size(), jobs,
            [&](unsigned, std::size_t b, std::size_t& out) {
                std::this_thread::sleep_for(std::chrono::microseconds(delay[b]));
                out = b;
            },
            [&](std::size_t& out) { used.push_back(out); });
        REQUIRE(used.size() == delay.size());
        for (std::size_t b = 0; b < used.size(); ++b) {
            CHECK(used[b] == b);
        }
    }
}

TEST_CASE("ordered blocks: each worker index is one thread's, and 0 is the calling thread's") {
    // Callers keep scratch state per worker index: two threads must never share one.
    for (const unsigned jobs : {2u, 3u}) {
        std::mutex mutex;
        std::vector<std::vector<std::thread::id>> seen(jobs);
        bool in_range = true;
        thomas::detail::for_blocks_in_order<int>(
            400, jobs,
            [&](unsigned worker, std::size_t b, int&) {
                std::this_thread::sleep_for(std::chrono::microseconds(b % 7 * 20));
                const std::lock_guard lock(mutex);
                if (worker >= jobs) {
                    in_range = false;
                    return;
                }
                if (std::find(seen[worker].begin(), seen[worker].end(),
                              std::this_thread::get_id()) == seen[worker].end()) {
                    seen[worker].push_back(std::this_thread::get_id());
                }
            },
            [](int&) {});
        CHECK(in_range);
        for (unsigned w = 0; w < jobs; ++w) {
            CHECK(seen[w].size() <= 1);
        }
        // The calling thread waits for every block to use, so it does some itself.
        REQUIRE(seen[0].size() == 1);
        CHECK(seen[0][0] == std::this_thread::get_id());
    }
}

TEST_CASE("ordered blocks: a failure in a block or in its use stops the run and is rethrown") {
    for (const unsigned jobs : {1u, 2u, 4u}) {
        std::atomic<std::size_t> done{0};
        CHECK_THROWS_WITH_AS(thomas::detail::for_blocks_in_order<int>(
                                 1000, jobs,
                                 [&](unsigned, std::size_t b, int&) {
                                     if (b == 17) {
                                         throw std::runtime_error("block 17");
                                     }
                                     ++done;
                                 },
                                 [](int&) {}),
                             "block 17", std::runtime_error);
        CHECK(done <= 17 + 4 * jobs);  // stopped: at most a window of blocks past 17
        std::size_t used = 0;
        CHECK_THROWS_WITH_AS(thomas::detail::for_blocks_in_order<int>(
                                 1000, jobs, [](unsigned, std::size_t, int&) {},
                                 [&](int&) {
                                     if (++used == 5) {
                                         throw std::runtime_error("write failed");
                                     }
                                 }),
                             "write failed", std::runtime_error);
        CHECK(used == 5);
    }
}

TEST_CASE("ordered blocks: no block, one block; a failing fill stops the run") {
    for (const unsigned jobs : {1u, 2u, 3u}) {
        int used = 0;
        thomas::detail::for_blocks_in_order<int>(
            0, jobs, [](unsigned, std::size_t, int&) {}, [&](int&) { ++used; });
        CHECK(used == 0);
        thomas::detail::for_blocks_in_order<int>(
            1, jobs, [](unsigned, std::size_t b, int& out) { out = static_cast<int>(b) + 5; },
            [&](int& out) { used += out; });
        CHECK(used == 5);
        std::vector<int> seen;
        int filled = 0;
        CHECK_THROWS_WITH_AS(
            thomas::detail::for_produced_blocks_in_order<int>(
                jobs,
                [&](int& slot) {
                    if (filled == 9) {
                        throw std::runtime_error("read failed");
                    }
                    slot = filled++;
                    return true;
                },
                [](unsigned, int& slot) { slot *= 2; }, [&](int& slot) { seen.push_back(slot); }),
            "read failed", std::runtime_error);
        for (std::size_t i = 0; i < seen.size(); ++i) {
            CHECK(seen[i] == static_cast<int>(2 * i));  // what was used came in order
        }
    }
}

TEST_CASE("progress on threads: an empty tracker writes the same empty document") {
    const std::vector<Measurements> none;
    for (const unsigned jobs : {1u, 2u}) {
        CHECK(threads<CsvOutput>(none, jobs, 512) == one_thread<CsvOutput>(none));
        CHECK(threads<JsonOutput>(none, jobs, 512) == one_thread<JsonOutput>(none));
    }
}

TEST_CASE("progress on threads: CSV and JSON byte for byte those of one thread") {
    for (const unsigned seed : {1u, 2u}) {
        std::mt19937 rng(seed);
        const auto history = random_history(rng, 150);
        const std::string csv = one_thread<CsvOutput>(history);
        const std::string json = one_thread<JsonOutput>(history);
        REQUIRE(csv.find("different values") != std::string::npos);  // conflicts are covered
        REQUIRE(csv.find("counted once") != std::string::npos);      // and repeats
        for (const unsigned jobs : {1u, 2u, 3u}) {
            for (const std::size_t per_block : {std::size_t{1}, std::size_t{7}, std::size_t{512}}) {
                CAPTURE(seed);
                CAPTURE(jobs);
                CAPTURE(per_block);
                CHECK(threads<CsvOutput>(history, jobs, per_block) == csv);
                CHECK(threads<JsonOutput>(history, jobs, per_block) == json);
            }
        }
    }
}

TEST_CASE("progress on threads: a first block with no course keeps the JSON valid") {
    // The first patient's only visits conflict: the first block of one patient writes nothing,
    // and the second block's course must not start with the separating comma.
    std::vector<Measurements> history;
    Measurements m;
    m.visit.patient = "A";
    m.visit.date = "2026-03-01";
    m.side = Side::left;
    m[Measure::thigh_angle] = 3;
    history.push_back(m);
    m[Measure::thigh_angle] = 9;
    history.push_back(m);
    m.visit.patient = "B";
    history.push_back(m);
    const std::string json = one_thread<JsonOutput>(history);
    CHECK(json.find("\"patients\": [\n    {") != std::string::npos);
    for (const unsigned jobs : {1u, 2u}) {
        CHECK(threads<JsonOutput>(history, jobs, 1) == json);
    }
}

namespace {

// Everything `progress --format csv` writes after reading `text` with read_csv on `jobs`
// threads, chunks of `chunk_bytes`, and the count of rows read.
std::string read_and_follow(const std::string& text, unsigned jobs, std::size_t chunk_bytes) {
    const auto& rules = thomas::default_rules();
    Tracker t(rules);
    std::istringstream in(text);
    CsvOptions options;
    options.chunk_bytes = chunk_bytes;
    const auto rows = read_csv(rules, in, options, t, jobs);
    std::ostringstream out;
    out << rows << " rows\n";
    {
        CsvOutput o(rules, out);
        t.finish([&](const Course& c) { o.course(c); });
        o.finish(t.errors());
    }
    return out.str();
}

}  // namespace

TEST_CASE("progress on threads: reading a CSV in chunks gives the visits and errors of one") {
    std::mt19937 rng(11);
    std::string text = "patient,date,side,thigh_angle,knee_flexion,notes\r\n";
    for (int i = 0; i < 400; ++i) {
        const int patient = static_cast<int>(rng() % 60);
        const int day = 1 + static_cast<int>(rng() % 9);
        const int kind = static_cast<int>(rng() % 20);
        const int thigh = static_cast<int>(rng() % 30) - 10;
        const int knee = 50 + static_cast<int>(rng() % 40);
        const std::string notes = kind == 1   ? "\"a note\nover two lines, with \"\"quotes\"\"\""
                                  : kind == 2 ? "1,2"  // a column too many
                                  : kind == 3
                                      ? std::string(300, 'n')  // past 16 chunks of the small sizes
                                      : "";
        text += fmt::format("P{},2026-04-0{},{},{},{},{}{}", patient, day,
                            rng() % 2 == 0 ? "left" : "right", thigh,
                            kind == 0 ? "x" : std::to_string(knee),  // x: a bad value
                            notes, rng() % 3 == 0 ? "\r\n" : "\n");
    }
    text += "P1,2026-04-09,left,3,80,\"never closed\n";
    const std::string expected = read_and_follow(text, 1, std::size_t{1} << 20);
    REQUIRE(expected.find("expected 6 columns") != std::string::npos);
    REQUIRE(expected.find("unterminated quoted field") != std::string::npos);
    for (const unsigned jobs : {2u, 3u}) {
        for (const std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{64},
                                        std::size_t{4096}, std::size_t{1} << 20}) {
            CAPTURE(jobs);
            CAPTURE(chunk);
            CHECK(read_and_follow(text, jobs, chunk) == expected);
        }
    }
}
