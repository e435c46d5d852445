# Installation (cmake --install), the exported CMake package (find_package(thomas) ->
# thomas::core) and the Debian package (cpack -G DEB). Included from the top-level
# CMakeLists.txt after the targets exist.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(THOMAS_RULES_INSTALL_DIR ${CMAKE_INSTALL_DATADIR}/thomas/rules)
set(THOMAS_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/thomas)

# Completion scripts are generated from the built binary, so they list its real options.
set(completion_dir ${PROJECT_BINARY_DIR}/completions)
set(completion_files ${completion_dir}/thomas ${completion_dir}/_thomas
                     ${completion_dir}/thomas.fish)
foreach(shell_and_file IN ITEMS "bash|thomas" "zsh|_thomas" "fish|thomas.fish")
    string(REPLACE "|" ";" pair ${shell_and_file})
    list(GET pair 0 shell)
    list(GET pair 1 file)
    add_custom_command(
        OUTPUT ${completion_dir}/${file}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${completion_dir}
        COMMAND ${CMAKE_COMMAND} -DTHOMAS=$<TARGET_FILE:thomas> -DSHELL=${shell}
                -DOUTPUT=${completion_dir}/${file} -P ${PROJECT_SOURCE_DIR}/cmake/write_completion.cmake
        DEPENDS thomas ${PROJECT_SOURCE_DIR}/cmake/write_completion.cmake
        COMMENT "Generating the ${shell} completion script")
endforeach()
add_custom_target(thomas_completions ALL DEPENDS ${completion_files})

set_target_properties(thomas_core PROPERTIES EXPORT_NAME core)
set_target_properties(thomas_options PROPERTIES EXPORT_NAME options)
install(TARGETS thomas RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(TARGETS thomas_core thomas_options
        EXPORT thomasTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/thomas
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development)
# Rule sets are embedded and also installed as files, so a clinic can copy one as the start
# of its own (thomas score --rules PATH); the schema and the authoring guide come with them.
install(FILES ${THOMAS_RULE_FILES} ${PROJECT_SOURCE_DIR}/rules/schema.json
              ${PROJECT_SOURCE_DIR}/rules/README.md
        DESTINATION ${THOMAS_RULES_INSTALL_DIR} COMPONENT runtime)
install(FILES ${PROJECT_SOURCE_DIR}/doc/thomas.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
install(FILES ${completion_dir}/thomas
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions COMPONENT runtime)
install(FILES ${completion_dir}/_thomas
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions COMPONENT runtime)
install(FILES ${completion_dir}/thomas.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d COMPONENT runtime)

install(EXPORT thomasTargets NAMESPACE thomas:: DESTINATION ${THOMAS_CMAKE_INSTALL_DIR}
        COMPONENT development)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/thomasConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/thomasConfig.cmake
                              INSTALL_DESTINATION ${THOMAS_CMAKE_INSTALL_DIR}
                              PATH_VARS THOMAS_RULES_INSTALL_DIR)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/thomasConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/thomasConfig.cmake
              ${PROJECT_BINARY_DIR}/thomasConfigVersion.cmake
        DESTINATION ${THOMAS_CMAKE_INSTALL_DIR} COMPONENT development)

# Debian package: one .deb with everything above, installed under /usr.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME thomas)
set(CPACK_PACKAGE_VENDOR "thomas project")
set(CPACK_PACKAGE_CONTACT "thomas project <thomas@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
# Runtime libraries of the binary on Debian 12 (checked by tests/install/test_deb.sh with ldd).
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libc6, libstdc++6, libgcc-s1, libfmt9, libyaml-cpp0.7, libedit2")
# For find_package(thomas) the consumer also needs the headers of the private dependencies.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libfmt-dev, libyaml-cpp-dev, nlohmann-json3-dev")
include(CPack)
