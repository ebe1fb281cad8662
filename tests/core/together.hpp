#pragma once
// Runs fn(i) on `n` threads that start together, to make races real.
#include <atomic>
#include <thread>
#include <vector>

namespace loyalty::test {

template <class F>
void together(int n, F fn) {
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
        threads.emplace_back([&, i] {
            ++ready;
            while (ready.load() < n) std::this_thread::yield();
            fn(i);
        });
    }
    for (auto& t : threads) t.join();
}

}  // namespace loyalty::test
