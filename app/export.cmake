# Export and report pieces of the workbench (candidate export, CSV, HTML/PDF run report), a
# library of their own so their tests build without the rest of the app. Included by
# app/CMakeLists.txt; edgenas_app links it.
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Concurrent)

add_library(edgenas_app_export STATIC
  ${CMAKE_CURRENT_LIST_DIR}/candidate_csv_writer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/candidate_exporter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report_writer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/run_report.cpp
)
set_target_properties(edgenas_app_export PROPERTIES AUTOMOC ON)
target_include_directories(edgenas_app_export PUBLIC "${PROJECT_SOURCE_DIR}" "${CMAKE_CURRENT_LIST_DIR}")
# Headers show core/search value types and QImage/QObject; LibTorch, the data loaders, SQLite and
# the widgets' metric naming stay inside.
target_link_libraries(edgenas_app_export
  PUBLIC Qt6::Core Qt6::Gui edgenas_core edgenas_search
  PRIVATE Qt6::Concurrent edgenas_models edgenas_data edgenas_store edgenas_widgets SQLite::SQLite3 edgenas_warnings)
