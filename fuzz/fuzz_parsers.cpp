// Fuzz target for the value parsers used by flags, test files and CSV cells.
//
// Byte 0 picks the parser, the rest is the text. Invariants: each parser returns a value or
// throws InputError with a non-empty message (never another exception); parse_degrees only
// returns finite numbers; a step list only holds steps 1..7.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "thomas/measurements.h"

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        switch (data[0] % 5) {
            case 0:
                if (!std::isfinite(thomas::parse_degrees("thigh_angle", text))) {
                    fail("parse_degrees returned a value that is not finite");
                }
                break;
            case 1:
                (void)thomas::parse_yes_no("lumbar_flat", text);
                break;
            case 2:
                (void)thomas::parse_pain_list(text);
                break;
            case 3: {
                const thomas::StepMask steps = thomas::parse_step_list(text);
                for (const int outside : {0, 8, 9, 10, 15}) {
                    if (steps.contains(outside)) {
                        fail("a step list holding a step outside 1..7");
                    }
                }
                break;
            }
            default:
                (void)thomas::parse_side_text(text);
                break;
        }
    } catch (const thomas::InputError& e) {
        if (std::string_view(e.what()).empty()) {
            fail("an InputError without a message");
        }
    } catch (...) {
        fail("a parser threw something other than InputError");
    }
    return 0;
}
