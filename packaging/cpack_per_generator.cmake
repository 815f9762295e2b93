# CPACK_PROJECT_CONFIG_FILE: settings that differ per generator. The .deb installs into /usr
# (so the install rule for /etc and the systemd unit puts them at the package's root);
# the .tar.gz keeps a relocatable tree (bin/, lib/, etc/, ...) to unpack under any prefix.
if(CPACK_GENERATOR STREQUAL "DEB")
  set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
  set(CPACK_INSTALL_PREFIX "/usr")
else()
  set(CPACK_PACKAGING_INSTALL_PREFIX "/")
  set(CPACK_INSTALL_PREFIX "/")
endif()
