// Counting allocator hook for the benchmark binary: every malloc, calloc, realloc,
// memalign-family call and so every operator new (libstdc++'s calls malloc) in the process,
// the dlopen'ed plugins and the host libraries included, bumps one counter.
#pragma once

#include <cstdint>

namespace bench {

/// Allocations since the process started; 0 forever when the hook is compiled out
/// (sanitizer builds, which bring their own allocator).
uint64_t alloc_count() noexcept;
/// True if the hook is active.
bool alloc_hook_active() noexcept;

}  // namespace bench
