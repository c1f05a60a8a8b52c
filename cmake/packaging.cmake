# Debian packages (CPack, `./dev.sh package`; checked by tests/packaging/deb_contents_test.sh):
#   passerelle      the field app (passerelle) and the CLI (passerelle-cli), with their assets
#                   (translations, the R.A.J. directory) in /usr/share/passerelle/assets;
#   passerelle-hub  the office hub (passerelle-hub), its systemd unit, and maintainer scripts that
#                   create the system user passerelle-hub and /var/lib/passerelle-hub.
# Library dependencies come from dpkg-shlibdeps; what it cannot see (the fonts the app opens by
# path, adduser for the postinst) is listed by hand. Included last from the top CMakeLists.txt.
include(GNUInstallDirs)

install(TARGETS passerelle-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT app)
if(TARGET passerelle)
  install(TARGETS passerelle RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT app)
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/ DESTINATION ${CMAKE_INSTALL_DATADIR}/passerelle/assets COMPONENT app)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/ui.md ${PROJECT_SOURCE_DIR}/docs/cli.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/../passerelle COMPONENT app)

install(TARGETS passerelle-hub RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT hub)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/passerelle-hub.service DESTINATION lib/systemd/system COMPONENT hub)  # /usr/lib/systemd/system (Debian 12: merged /usr)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR}/../passerelle-hub COMPONENT hub)
if(EXISTS ${PROJECT_SOURCE_DIR}/docs/hub.md)
  install(FILES ${PROJECT_SOURCE_DIR}/docs/hub.md DESTINATION ${CMAKE_INSTALL_DOCDIR}/../passerelle-hub COMPONENT hub)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME passerelle)
set(CPACK_PACKAGE_VENDOR "Passerelle")
set(CPACK_PACKAGE_CONTACT "Passerelle maintainers <passerelle@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Offline-first case files for outreach workers in prisons")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_COMPONENTS_ALL app hub)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_STRIP_FILES ON)  # as Debian ships binaries: debug information stays in the build tree

set(CPACK_DEBIAN_APP_PACKAGE_NAME passerelle)
set(CPACK_COMPONENT_APP_DESCRIPTION
    "Passerelle field app and command line\n The encrypted vault of case files, the Dear ImGui field app (passerelle) and\n the command line (passerelle-cli). Syncs with the office hub only when the\n worker asks.")
set(CPACK_DEBIAN_APP_PACKAGE_DEPENDS "fonts-dejavu-core")

set(CPACK_DEBIAN_HUB_PACKAGE_NAME passerelle-hub)
set(CPACK_COMPONENT_HUB_DESCRIPTION
    "Passerelle office hub\n Stores and forwards the sealed sync bundles of a service's devices over TLS 1.3\n with client certificates; it holds no key that opens case data. SQLite by\n default, PostgreSQL for a federation of offices.")
set(CPACK_DEBIAN_HUB_PACKAGE_DEPENDS "adduser, systemd")
set(CPACK_DEBIAN_HUB_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/hub/postinst ${PROJECT_SOURCE_DIR}/packaging/hub/prerm
    ${PROJECT_SOURCE_DIR}/packaging/hub/postrm)
set(CPACK_DEBIAN_HUB_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
