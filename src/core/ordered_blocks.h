// Work split into numbered blocks, done on several threads, its results used in block order.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace thomas::detail {

// Work in blocks whose input the calling thread produces as it goes: fill(slot) puts the next
// block's input in a slot and returns false when there is none left; work(worker, slot) turns it
// into output on one of `jobs` threads (worker is the thread's index, for its own scratch
// state); use(slot) takes the output on the calling thread, in block order. The calling thread
// is one of the `jobs`: it is worker 0, doing queued blocks while it waits for the one to use
// next (a thread that only waited would make jobs + 1 threads compete for `jobs` cores, each
// wake-up preempting a worker). At most 4 x jobs blocks are in flight, so memory stays that of
// a few blocks. With jobs <= 1 everything runs here in turn. An exception from any of the three
// stops the rest and is rethrown here once every thread has ended.
template <class Slot>
void for_produced_blocks_in_order(unsigned jobs, const std::function<bool(Slot&)>& fill,
                                  const std::function<void(unsigned, Slot&)>& work,
                                  const std::function<void(Slot&)>& use) {
    if (jobs <= 1) {
        Slot slot;
        while (fill(slot)) {
            work(0, slot);
            use(slot);
        }
        return;
    }
    const std::size_t window = 4 * std::size_t{jobs};
    std::vector<Slot> slots(window);
    std::vector<char> done(window, 0);
    std::vector<std::size_t> todo;  // blocks filled and not taken yet
    std::mutex mutex;
    std::condition_variable work_cv;  // a block to do, or stop
    std::condition_variable done_cv;  // a block is done, or a worker failed
    bool stop = false;
    std::exception_ptr failure;

    const auto fail = [&](std::exception_ptr e) {
        const std::lock_guard lock(mutex);
        if (!failure) {
            failure = std::move(e);
        }
        stop = true;
        work_cv.notify_all();
        done_cv.notify_all();
    };
    const auto worker = [&](unsigned id) {
        for (;;) {
            std::size_t b = 0;
            {
                std::unique_lock lock(mutex);
                work_cv.wait(lock, [&] { return stop || !todo.empty(); });
                if (stop) {
                    return;
                }
                b = todo.front();
                todo.erase(todo.begin());
            }
            try {
                work(id, slots[b % window]);
            } catch (...) {
                fail(std::current_exception());
                return;
            }
            {
                const std::lock_guard lock(mutex);
                done[b % window] = 1;
            }
            done_cv.notify_one();  // only the calling thread waits on it
        }
    };

    std::vector<std::thread> threads;
    threads.reserve(jobs - 1);
    std::size_t filled = 0;
    std::size_t used = 0;
    const auto use_next = [&] {
        {
            std::unique_lock lock(mutex);
            while (!stop && done[used % window] == 0) {
                if (todo.empty()) {
                    done_cv.wait(lock);
                    continue;
                }
                const std::size_t b = todo.front();  // the oldest: soonest to be used
                todo.erase(todo.begin());
                lock.unlock();
                work(0, slots[b % window]);
                lock.lock();
                done[b % window] = 1;
            }
            if (stop) {
                return false;
            }
        }
        use(slots[used % window]);
        {
            const std::lock_guard lock(mutex);
            done[used % window] = 0;
        }
        ++used;
        return true;
    };
    try {
        for (unsigned i = 1; i < jobs; ++i) {
            threads.emplace_back(worker, i);
        }
        for (;;) {
            if (filled - used == window && !use_next()) {
                break;
            }
            if (!fill(slots[filled % window])) {
                break;
            }
            {
                const std::lock_guard lock(mutex);
                todo.push_back(filled);
            }
            work_cv.notify_one();
            ++filled;
        }
        while (used < filled && use_next()) {
        }
    } catch (...) {
        fail(std::current_exception());
    }
    {
        const std::lock_guard lock(mutex);
        stop = true;
    }
    work_cv.notify_all();
    for (std::thread& t : threads) {
        t.join();
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
}

// Calls work(worker, b, out) for every block b in [0, count) on `jobs` threads (worker is the
// thread's index, for its own scratch state), and use(out) on the calling thread in block order.
// At most 4 x jobs blocks are done and not yet used, so memory stays that of a few blocks. With
// jobs <= 1 everything runs on the calling thread. An exception from work() or use() stops the
// rest and is rethrown here once every thread has ended.
template <class Out>
void for_blocks_in_order(std::size_t count, unsigned jobs,
                         const std::function<void(unsigned, std::size_t, Out&)>& work,
                         const std::function<void(Out&)>& use) {
    struct Slot {
        std::size_t block = 0;
        Out out;
    };
    std::size_t next = 0;
    for_produced_blocks_in_order<Slot>(
        static_cast<unsigned>(std::min<std::size_t>(jobs, count)),  // no idle threads
        [&](Slot& slot) {
            slot.block = next;
            return next++ < count;
        },
        [&](unsigned worker, Slot& slot) { work(worker, slot.block, slot.out); },
        [&](Slot& slot) { use(slot.out); });
}

}  // namespace thomas::detail
