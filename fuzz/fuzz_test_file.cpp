// Fuzz target for the test-file loader (YAML and JSON): parse_test_file on arbitrary text.
//
// Invariants: it either returns or throws TestFileError (never another exception); a returned
// file's left/right legs carry their side, and every value is finite.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string_view>
#include <variant>

#include "thomas/test_file.h"

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
}

void check_leg(const thomas::Measurements& leg, std::optional<thomas::Side> expected_side) {
    if (expected_side && leg.side != expected_side) {
        fail("a left:/right: leg carries the wrong side");
    }
    for (const auto& v : leg.values) {
        if (v && !std::isfinite(*v)) {
            fail("a measurement that is not finite");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const thomas::TestFile file = thomas::parse_test_file(text, "fuzz.yaml");
        if (const auto* both = std::get_if<thomas::BothLegs>(&file.legs)) {
            check_leg(both->left, thomas::Side::left);
            check_leg(both->right, thomas::Side::right);
        } else {
            check_leg(std::get<thomas::Measurements>(file.legs), std::nullopt);
        }
    } catch (const thomas::TestFileError& e) {
        if (std::string_view(e.what()).substr(0, 9) != "fuzz.yaml") {
            fail("a test-file error that does not name the file");
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "parse_test_file threw: %s\n", e.what());
        fail("parse_test_file threw something other than TestFileError");
    } catch (...) {
        fail("parse_test_file threw something other than TestFileError");
    }
    return 0;
}
