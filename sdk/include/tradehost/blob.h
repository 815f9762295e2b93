/* Little-endian state blobs for C plugins: the same format as tradehost/blob.hpp (u8, u32,
 * u64, i64, f64 as the IEEE-754 bits in a u64, strings as a u32 length and the bytes), so a
 * plugin can move between C and C++ and keep reading its old snapshots and state_put blobs.
 * Header-only C99, no allocation: the writer fills a buffer the caller owns (usually a
 * member of the instance, which is what snapshot hands the host), the reader reads a
 * borrowed one. Errors are sticky: after an overflow or a short read every call is a no-op
 * and th_blob_writer_ok / th_blob_reader_ok say so once, at the end. @since 1.1 */
#ifndef TRADEHOST_BLOB_H
#define TRADEHOST_BLOB_H

#include <tradehost/plugin.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct th_blob_writer {
    unsigned char* buf;
    size_t cap;
    size_t len;   /**< bytes written so far: what to hand the host */
    int overflow; /**< non-zero once a put did not fit */
} th_blob_writer;

typedef struct th_blob_reader {
    const unsigned char* data;
    size_t len;
    size_t pos;
    int error; /**< non-zero once a get ran past the end or a string did not fit */
} th_blob_reader;

TH_STATIC_INLINE void th_blob_writer_init(th_blob_writer* w, void* buf, size_t cap) {
    w->buf = (unsigned char*)buf;
    w->cap = cap;
    w->len = 0;
    w->overflow = 0;
}

TH_STATIC_INLINE void th_blob_put_le_(th_blob_writer* w, uint64_t v, size_t bytes) {
    size_t i;
    if (w->overflow || w->cap - w->len < bytes) {
        w->overflow = 1;
        return;
    }
    for (i = 0; i < bytes; ++i) w->buf[w->len++] = (unsigned char)((v >> (8 * i)) & 0xffu);
}

TH_STATIC_INLINE void th_blob_put_u8(th_blob_writer* w, uint8_t v) { th_blob_put_le_(w, v, 1); }
TH_STATIC_INLINE void th_blob_put_u32(th_blob_writer* w, uint32_t v) { th_blob_put_le_(w, v, 4); }
TH_STATIC_INLINE void th_blob_put_u64(th_blob_writer* w, uint64_t v) { th_blob_put_le_(w, v, 8); }
TH_STATIC_INLINE void th_blob_put_i64(th_blob_writer* w, int64_t v) { th_blob_put_le_(w, (uint64_t)v, 8); }
TH_STATIC_INLINE void th_blob_put_f64(th_blob_writer* w, double v) {
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    th_blob_put_le_(w, bits, 8);
}
/** `n` bytes of `s` (need not be NUL-terminated), as a u32 length and the bytes. */
TH_STATIC_INLINE void th_blob_put_str(th_blob_writer* w, const char* s, size_t n) {
    if (n > 0xffffffffu) {
        w->overflow = 1;
        return;
    }
    th_blob_put_u32(w, (uint32_t)n);
    if (w->overflow || w->cap - w->len < n) {
        w->overflow = 1;
        return;
    }
    if (n) memcpy(w->buf + w->len, s, n);
    w->len += n;
}
/** Non-zero when everything put so far fitted. */
TH_STATIC_INLINE int th_blob_writer_ok(const th_blob_writer* w) { return !w->overflow; }

TH_STATIC_INLINE void th_blob_reader_init(th_blob_reader* r, const void* data, size_t len) {
    r->data = (const unsigned char*)data;
    r->len = data ? len : 0;
    r->pos = 0;
    r->error = 0;
}

TH_STATIC_INLINE uint64_t th_blob_get_le_(th_blob_reader* r, size_t bytes) {
    uint64_t v = 0;
    size_t i;
    if (r->error || r->len - r->pos < bytes) {
        r->error = 1;
        return 0;
    }
    for (i = 0; i < bytes; ++i) v |= (uint64_t)r->data[r->pos++] << (8 * i);
    return v;
}

TH_STATIC_INLINE uint8_t th_blob_get_u8(th_blob_reader* r) { return (uint8_t)th_blob_get_le_(r, 1); }
TH_STATIC_INLINE uint32_t th_blob_get_u32(th_blob_reader* r) { return (uint32_t)th_blob_get_le_(r, 4); }
TH_STATIC_INLINE uint64_t th_blob_get_u64(th_blob_reader* r) { return th_blob_get_le_(r, 8); }
TH_STATIC_INLINE int64_t th_blob_get_i64(th_blob_reader* r) { return (int64_t)th_blob_get_le_(r, 8); }
TH_STATIC_INLINE double th_blob_get_f64(th_blob_reader* r) {
    uint64_t bits = th_blob_get_le_(r, 8);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}
/** A string into `out` (capacity `cap`, NUL-terminated); its length, or 0 with the error set
 *  when it is truncated in the blob or does not fit in `cap - 1` bytes. */
TH_STATIC_INLINE size_t th_blob_get_str(th_blob_reader* r, char* out, size_t cap) {
    uint32_t n = th_blob_get_u32(r);
    if (r->error || r->len - r->pos < n || (size_t)n >= cap) {
        r->error = 1;
        if (cap) out[0] = '\0';
        return 0;
    }
    memcpy(out, r->data + r->pos, n);
    out[n] = '\0';
    r->pos += n;
    return n;
}
/** Non-zero when every get so far was within the blob. */
TH_STATIC_INLINE int th_blob_reader_ok(const th_blob_reader* r) { return !r->error; }
/** Non-zero when the whole blob was read: a longer one is from a newer version. */
TH_STATIC_INLINE int th_blob_reader_done(const th_blob_reader* r) { return !r->error && r->pos == r->len; }

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TRADEHOST_BLOB_H */
