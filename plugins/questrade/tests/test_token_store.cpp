// The refresh-token file: atomic replace, mode 0600, no temp files left, clear failures.
#include "token_store.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

using namespace tradehost::questrade;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    TempDir() {
        std::string t = (fs::temp_directory_path() / "qt_store_XXXXXX").string();
        path = mkdtemp(t.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string path;
};

}  // namespace

TEST(QuestradeTokenStore, MissingFileIsNoToken) {
    TempDir d;
    TokenStore s(d.path + "/none.token");
    EXPECT_FALSE(s.exists());
    EXPECT_FALSE(s.load());
}

TEST(QuestradeTokenStore, SaveReplacesAtomicallyWithMode0600) {
    TempDir d;
    TokenStore s(d.path + "/sub/qt.token");  // parent folders are created
    s.save("rtFAKE-one");
    s.save("rtFAKE-two");
    EXPECT_EQ(*s.load(), "rtFAKE-two");
    struct stat st{};
    ASSERT_EQ(::stat(s.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    int files = 0;
    for (const auto& e : fs::directory_iterator(d.path + "/sub")) {
        (void)e;
        ++files;
    }
    EXPECT_EQ(files, 1) << "a temp file was left behind";
}

TEST(QuestradeTokenStore, EmptyFileIsAnErrorNotAFallback) {
    TempDir d;
    const std::string p = d.path + "/qt.token";
    std::ofstream(p) << "  \n";
    TokenStore s(p);
    EXPECT_THROW(s.load(), TokenStoreError);
    EXPECT_THROW(s.save(""), TokenStoreError);
}

TEST(QuestradeTokenStore, UnwritableFolderFailsWithoutTheToken) {
    TempDir d;
    TokenStore s("/proc/qt-not-writable/qt.token");
    try {
        s.save("rtFAKE-secret");
        FAIL() << "expected TokenStoreError";
    } catch (const TokenStoreError& e) {
        EXPECT_EQ(std::string(e.what()).find("rtFAKE-secret"), std::string::npos);
    }
}
