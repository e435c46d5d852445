// The byte scan shared by the CSV reader and the record splitter of a parallel `batch`: the
// next byte of interest, found 16 at a time with SSE2 (THOMAS_CSV_NO_SIMD builds the plain loop).
#pragma once

#include <cstddef>

#if defined(__SSE2__) && !defined(THOMAS_CSV_NO_SIMD)
#include <emmintrin.h>
#endif

namespace thomas::csv {

// The reader's buffer has this many spare bytes after its capacity, so find_any may load 16
// bytes at any position before the end of the data.
constexpr std::size_t k_padding = 16;

// The first byte in [p, end) equal to a, b, c or d, or end if there is none. The SSE2 path
// (every x86-64 CPU has it) tests 16 bytes at a time and may read up to 15 bytes past end.
inline char* find_any(char* p, char* end, char a, char b, char c, char d) {
#if defined(__SSE2__) && !defined(THOMAS_CSV_NO_SIMD)
    const __m128i va = _mm_set1_epi8(a);
    const __m128i vb = _mm_set1_epi8(b);
    const __m128i vc = _mm_set1_epi8(c);
    const __m128i vd = _mm_set1_epi8(d);
    for (; p < end; p += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i hits =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)),
                         _mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vd)));
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
        if (mask != 0) {
            p += __builtin_ctz(mask);
            return p < end ? p : end;
        }
    }
    return end;
#else
    while (p < end && *p != a && *p != b && *p != c && *p != d) {
        ++p;
    }
    return p;
#endif
}

// The first byte in [p, end) equal to a or b, or end if there is none, counting on the way the
// bytes equal to `counted` before it: adds their number to `count` and sets `last` to the last
// of them (left as it is when there is none). The record splitter counts a run of unquoted
// records in one pass this way instead of stopping at each line break.
inline char* find_counting(char* p, char* end, char a, char b, char counted, std::size_t& count,
                           char*& last) {
#if defined(__SSE2__) && !defined(THOMAS_CSV_NO_SIMD)
    const __m128i va = _mm_set1_epi8(a);
    const __m128i vb = _mm_set1_epi8(b);
    const __m128i vc = _mm_set1_epi8(counted);
    for (; p < end; p += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        auto stops = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb))));
        auto hits = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, vc)));
        const auto left = static_cast<std::size_t>(end - p);
        if (left < 16) {  // the bytes past end are padding
            const unsigned valid = (1u << left) - 1;
            stops &= valid;
            hits &= valid;
        }
        if (stops != 0) {
            hits &= (stops & (0u - stops)) - 1;  // only those before the first stop
        }
        if (hits != 0) {
            last = p + (31 - __builtin_clz(hits));
            // Records are longer than 16 bytes, so this loops once or twice; popcount without
            // -mpopcnt is a libgcc call (0.8% of a --jobs 2 run).
            for (; hits != 0; hits &= hits - 1) {
                ++count;
            }
        }
        if (stops != 0) {
            return p + __builtin_ctz(stops);
        }
    }
    return end;
#else
    for (; p < end && *p != a && *p != b; ++p) {
        if (*p == counted) {
            ++count;
            last = p;
        }
    }
    return p;
#endif
}

}  // namespace thomas::csv
