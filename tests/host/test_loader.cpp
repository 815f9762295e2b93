// The loader and the registry: ABI checks, struct growth, failures reported with reasons.
#include "loader/plugin_library.hpp"
#include "registry/registry.hpp"
#include "test_util.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace tradehost;

namespace {
std::string plugin(const std::string& name) { return std::string(TEST_PLUGIN_DIR) + "/th_" + name + ".so"; }
}  // namespace

TEST(Loader, LoadsAPluginWrittenInC) {
    auto lib = PluginLibrary::load(plugin("c_source"));
    EXPECT_EQ(lib->name(), "c_source");
    EXPECT_EQ(lib->abi_version(), "1.3");
    ASSERT_EQ(lib->ports().size(), 1u);
    EXPECT_STREQ(lib->ports()[0].name, "quotes");
    EXPECT_EQ(lib->ports()[0].event_type, TH_EV_QUOTE);
    ASSERT_EQ(lib->fields().size(), 3u);
    EXPECT_STREQ(lib->fields()[0].key, "count");
    EXPECT_STREQ(lib->fields()[0].default_value, "100");
}

TEST(Loader, RefusesAnotherAbiMajorNamingBothVersions) {
    try {
        PluginLibrary::load(plugin("abi_next_major"));
        FAIL() << "a plugin for ABI 2.0 was accepted";
    } catch (const LoadError& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("ABI 2.0"), std::string::npos) << msg;
        EXPECT_NE(msg.find("ABI 1.3"), std::string::npos) << msg;
        EXPECT_NE(msg.find("th_abi_next_major.so"), std::string::npos) << msg;
    }
}

TEST(Loader, AcceptsLargerStructsFromANewerMinor) {
    auto lib = PluginLibrary::load(plugin("abi_newer_minor"));
    EXPECT_EQ(lib->abi_version(), "1.4");
    ASSERT_EQ(lib->ports().size(), 2u);  // read with the plugin's larger stride
    EXPECT_STREQ(lib->ports()[0].name, "quotes");
    EXPECT_STREQ(lib->ports()[1].name, "out");
    EXPECT_EQ(lib->ports()[1].direction, TH_PORT_OUT);
    EXPECT_NE(lib->entry().on_event, nullptr);
}

TEST(Loader, MissingFileAndNonPluginAreClearErrors) {
    EXPECT_THROW(PluginLibrary::load("/nonexistent/th_x.so"), LoadError);
    try {
        PluginLibrary::load("/nonexistent/th_x.so");
    } catch (const LoadError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/th_x.so"), std::string::npos);
    }
    test::TempDir tmp;
    std::string junk = tmp.write("th_junk.so", "not an ELF file");
    EXPECT_THROW(PluginLibrary::load(junk), LoadError);
}

TEST(Registry, ReportsFilesItCouldNotLoadWithTheReason) {
    Registry reg;
    reg.scan({TEST_PLUGIN_DIR});
    EXPECT_NE(reg.find("c_source"), nullptr);
    EXPECT_NE(reg.find("c_sink"), nullptr);
    EXPECT_EQ(reg.find("next_major"), nullptr);
    bool reported = false;
    for (const auto& f : reg.failures())
        if (f.path.find("th_abi_next_major.so") != std::string::npos && f.reason.find("ABI 2.0") != std::string::npos)
            reported = true;
    EXPECT_TRUE(reported);
}

TEST(Registry, SearchPathHonoursTheEnvironment) {
    ::setenv("TRADEHOST_PLUGIN_PATH", "/a:/b", 1);
    auto dirs = Registry::search_path({"/from-config"});
    ::unsetenv("TRADEHOST_PLUGIN_PATH");
    ASSERT_GE(dirs.size(), 3u);
    EXPECT_EQ(dirs[0], "/from-config");
    EXPECT_EQ(dirs[1], "/a");
    EXPECT_EQ(dirs[2], "/b");
}
