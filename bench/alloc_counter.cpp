// The hook replaces glibc's malloc family in this executable and forwards to glibc's own
// implementation (__libc_malloc and friends), so behaviour is unchanged and only a relaxed
// atomic increment is added. ELF interposition makes the definitions here the ones every
// shared object (libstdc++, the host's libraries, dlopen'ed plugins) binds to.
#include "alloc_counter.hpp"

#include <atomic>
#include <cerrno>
#include <cstddef>

namespace {
std::atomic<uint64_t> g_allocs{0};
inline void count() noexcept { g_allocs.fetch_add(1, std::memory_order_relaxed); }
}  // namespace

namespace bench {
#ifdef TH_BENCH_ALLOC_HOOK
uint64_t alloc_count() noexcept { return g_allocs.load(std::memory_order_relaxed); }
bool alloc_hook_active() noexcept { return true; }
#else
uint64_t alloc_count() noexcept { return 0; }
bool alloc_hook_active() noexcept { return false; }
#endif
}  // namespace bench

#ifdef TH_BENCH_ALLOC_HOOK
extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
void* __libc_valloc(size_t);
void* __libc_pvalloc(size_t);
void __libc_free(void*);

void* malloc(size_t n) {
    count();
    return __libc_malloc(n);
}
void* calloc(size_t n, size_t m) {
    count();
    return __libc_calloc(n, m);
}
void* realloc(void* p, size_t n) {
    count();
    return __libc_realloc(p, n);
}
void free(void* p) { __libc_free(p); }
void* memalign(size_t a, size_t n) {
    count();
    return __libc_memalign(a, n);
}
void* aligned_alloc(size_t a, size_t n) {
    count();
    return __libc_memalign(a, n);
}
int posix_memalign(void** out, size_t a, size_t n) {
    if (a < sizeof(void*) || (a & (a - 1)) != 0) return EINVAL;
    count();
    void* p = __libc_memalign(a, n);
    if (!p && n) return ENOMEM;
    *out = p;
    return 0;
}
void* valloc(size_t n) {
    count();
    return __libc_valloc(n);
}
void* pvalloc(size_t n) {
    count();
    return __libc_pvalloc(n);
}
}  // extern "C"
#endif
