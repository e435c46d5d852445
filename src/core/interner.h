// Interned strings: each distinct text stored once and numbered 0, 1, 2... in the order first
// seen. `progress` keeps a patient id, examiner and device per visit as such a number.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace thomas::detail {

class Interner {
public:
    std::uint32_t id(std::string_view s) {
        if ((text_.size() + 1) * 2 > slots_.size()) {
            grow();
        }
        const std::uint64_t h = hash(s);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            Slot& slot = slots_[i];
            if (slot.id == k_empty) {
                text_.emplace_back(s);  // first: if it throws, the table is as it was
                slot.hash = h;
                slot.id = static_cast<std::uint32_t>(text_.size() - 1);
                slot.size = static_cast<std::uint32_t>(s.size());
                if (!s.empty()) {
                    std::memcpy(slot.head, s.data(), std::min(s.size(), sizeof slot.head));
                }
                return slot.id;
            }
            if (slot.hash == h && matches(slot, s)) {
                return slot.id;
            }
        }
    }

    // Starts loading where `s` would be found: a table of 100,000 patient ids does not fit the
    // cache, and a caller with other work to do before id(s) hides most of the wait.
    void prefetch(std::string_view s) const {
        if (!slots_.empty()) {
            __builtin_prefetch(&slots_[hash(s) & (slots_.size() - 1)]);
        }
    }

    const std::string& text(std::uint32_t id) const { return text_[id]; }
    std::size_t size() const { return text_.size(); }

private:
    static constexpr std::uint32_t k_empty = 0xffffffff;

    // The first bytes kept in the slot: an id of up to 16 bytes is compared without reading
    // its string, one cache miss per lookup instead of two.
    struct Slot {
        char head[16]{};
        std::uint64_t hash = 0;
        std::uint32_t id = k_empty;
        std::uint32_t size = 0;
    };

    bool matches(const Slot& slot, std::string_view s) const {
        if (slot.size != s.size()) {
            return false;
        }
        if (s.empty()) {
            return true;
        }
        return s.size() <= sizeof slot.head ? std::memcmp(slot.head, s.data(), s.size()) == 0
                                            : text_[slot.id] == s;
    }

    static std::uint64_t hash(std::string_view s) {
        std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ s.size();
        std::size_t at = 0;
        for (; at + 8 <= s.size(); at += 8) {
            std::uint64_t word = 0;
            std::memcpy(&word, s.data() + at, 8);
            h = (h ^ word) * 0xbf58476d1ce4e5b9ULL;
            h ^= h >> 31;
        }
        std::uint64_t tail = 0;
        if (at < s.size()) {
            std::memcpy(&tail, s.data() + at, s.size() - at);
        }
        // MurmurHash3's finaliser: every input bit reaches the low bits the table index uses
        // (a single multiply left ids of 7 bytes crowding a third of the slots).
        h ^= tail;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53ULL;
        return h ^ (h >> 33);
    }

    void grow() {
        std::vector<Slot> old(slots_.empty() ? 64 : slots_.size() * 2);
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (const Slot& slot : old) {
            if (slot.id == k_empty) {
                continue;
            }
            std::size_t i = slot.hash & mask;
            while (slots_[i].id != k_empty) {
                i = (i + 1) & mask;
            }
            slots_[i] = slot;
        }
    }

    std::vector<Slot> slots_;       // open addressing, a power of two, at most half full
    std::deque<std::string> text_;  // stable: callers keep references to the texts
};

}  // namespace thomas::detail
