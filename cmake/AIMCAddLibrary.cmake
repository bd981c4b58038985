#===- cmake/AIMCAddLibrary.cmake - helpers to declare aimc targets --------===#
#
# aimc_add_library(<name> <sources>... [NO_MLIR] [DEPENDS <targets>...]
#                  [LINK_LIBS <libs>...])
#   Declares a shared library `<name>` (prefixed `AIMC`), exported in the
#   `AIMCTargets` set so that downstream projects can `find_package(AIMC)`.
#   Libraries link the shared `MLIR` library unless NO_MLIR is given (the
#   simulated executor and the samplers have no MLIR dependency).
#
#===----------------------------------------------------------------------===#

function(aimc_add_library name)
  cmake_parse_arguments(ARG "NO_MLIR" "" "DEPENDS;LINK_LIBS" ${ARGN})
  add_library(${name} SHARED ${ARG_UNPARSED_ARGUMENTS})
  add_library(AIMC::${name} ALIAS ${name})
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${AIMC_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${AIMC_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  if(ARG_LINK_LIBS)
    target_link_libraries(${name} PUBLIC ${ARG_LINK_LIBS})
  endif()
  if(NOT ARG_NO_MLIR)
    target_link_libraries(${name} PUBLIC MLIR LLVM)
  endif()
  set_target_properties(${name} PROPERTIES
    VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
  install(TARGETS ${name} EXPORT AIMCTargets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()

# aimc_add_tool(<name> <sources>... [LINK_LIBS <libs>...])
#   An installed executable in bin/.
function(aimc_add_tool name)
  cmake_parse_arguments(ARG "" "" "LINK_LIBS" ${ARGN})
  add_executable(${name} ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE ${ARG_LINK_LIBS})
  install(TARGETS ${name} EXPORT AIMCTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()

# aimc_add_unittest(<name> <sources>... [LINK_LIBS <libs>...])
#   A GoogleTest executable whose tests CTest discovers one by one.
function(aimc_add_unittest name)
  cmake_parse_arguments(ARG "" "" "LINK_LIBS" ${ARGN})
  add_executable(${name} ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE ${ARG_LINK_LIBS} GTest::gtest GTest::gtest_main)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${AIMC_BINARY_DIR}/unittests)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60)
endfunction()
