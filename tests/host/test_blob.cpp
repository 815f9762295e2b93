// tradehost/blob.h (C) and tradehost/blob.hpp (C++) write and read one format, so a plugin
// that moves from one language to the other keeps reading its old state.
#include <tradehost/blob.h>
#include <tradehost/blob.hpp>

#include <gtest/gtest.h>

#include <string>

TEST(Blob, CWritesWhatCppReadsAndBack) {
    unsigned char buf[64];
    th_blob_writer w;
    th_blob_writer_init(&w, buf, sizeof buf);
    th_blob_put_u32(&w, 7);
    th_blob_put_i64(&w, -42);
    th_blob_put_f64(&w, 0.25);
    th_blob_put_str(&w, "AAPL", 4);
    ASSERT_TRUE(th_blob_writer_ok(&w));

    tradehost::BlobWriter cw;
    cw.u32(7);
    cw.i64(-42);
    cw.f64(0.25);
    cw.str("AAPL");
    const std::string cpp = cw.take();
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(buf), w.len), cpp);

    tradehost::BlobReader r(std::string_view(reinterpret_cast<const char*>(buf), w.len), "c blob");
    EXPECT_EQ(r.u32(), 7u);
    EXPECT_EQ(r.i64(), -42);
    EXPECT_EQ(r.f64(), 0.25);
    EXPECT_EQ(r.str(), "AAPL");
    EXPECT_TRUE(r.done());

    th_blob_reader cr;
    th_blob_reader_init(&cr, cpp.data(), cpp.size());
    char sym[8];
    EXPECT_EQ(th_blob_get_u32(&cr), 7u);
    EXPECT_EQ(th_blob_get_i64(&cr), -42);
    EXPECT_EQ(th_blob_get_f64(&cr), 0.25);
    EXPECT_EQ(th_blob_get_str(&cr, sym, sizeof sym), 4u);
    EXPECT_STREQ(sym, "AAPL");
    EXPECT_TRUE(th_blob_reader_done(&cr));
}

TEST(Blob, CErrorsAreStickyAndNeverOverrun) {
    unsigned char buf[6];
    th_blob_writer w;
    th_blob_writer_init(&w, buf, sizeof buf);
    th_blob_put_u32(&w, 1);
    th_blob_put_u32(&w, 2);  // does not fit: nothing of it is written
    th_blob_put_u8(&w, 3);   // and nothing after it either
    EXPECT_FALSE(th_blob_writer_ok(&w));
    EXPECT_EQ(w.len, 4u);

    const unsigned char data[] = {5, 0, 0, 0, 'A', 'B'};  // a string of 5 bytes, 2 present
    th_blob_reader r;
    th_blob_reader_init(&r, data, sizeof data);
    char out[16] = "x";
    EXPECT_EQ(th_blob_get_str(&r, out, sizeof out), 0u);
    EXPECT_STREQ(out, "");
    EXPECT_FALSE(th_blob_reader_ok(&r));
    EXPECT_EQ(th_blob_get_u8(&r), 0u);  // after an error every get reads 0
    char small[3];
    th_blob_reader_init(&r, "\x03\x00\x00\x00" "abc", 7);
    EXPECT_EQ(th_blob_get_str(&r, small, sizeof small), 0u) << "3 bytes and a NUL do not fit in 3";
    EXPECT_FALSE(th_blob_reader_ok(&r));
}
