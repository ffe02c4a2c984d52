# vsix.cmake - packs editors/vscode as a .vsix for `code --install-extension`,
# without npm or the network: a zip of the folder under extension/, with the
# two files VS Code's installer reads beside it (the manifest, from
# package.json's name, version, publisher and descriptions, and the content
# types).
#   cmake -DSRC=editors/vscode -DOUT=DIR [-DCHECK=ON] -P vsix.cmake
# writes DIR/NAME-VERSION.vsix; CHECK then lists the archive and fails
# unless it holds exactly those files.
cmake_minimum_required(VERSION 3.20)
if(NOT SRC OR NOT OUT)
  message(FATAL_ERROR "usage: cmake -DSRC=editors/vscode -DOUT=DIR [-DCHECK=ON] -P vsix.cmake")
endif()

file(READ ${SRC}/package.json pkg)
foreach(key name version publisher displayName description)
  string(JSON ${key} GET "${pkg}" ${key})
endforeach()
string(JSON engine GET "${pkg}" engines vscode)
string(JSON ncat LENGTH "${pkg}" categories)
set(categories "")
math(EXPR last "${ncat} - 1")
foreach(i RANGE ${last})
  string(JSON c GET "${pkg}" categories ${i})
  list(APPEND categories "${c}")
endforeach()
list(JOIN categories "," categories)
foreach(v displayName description)
  string(REPLACE "&" "&amp;" ${v} "${${v}}")
  string(REPLACE "<" "&lt;" ${v} "${${v}}")
  string(REPLACE ">" "&gt;" ${v} "${${v}}")
endforeach()

set(stage ${OUT}/vsix-stage)
set(vsix ${OUT}/${name}-${version}.vsix)
file(REMOVE_RECURSE ${stage})
file(MAKE_DIRECTORY ${stage})
file(COPY ${SRC}/ DESTINATION ${stage}/extension)

file(WRITE ${stage}/extension.vsixmanifest
"<?xml version=\"1.0\" encoding=\"utf-8\"?>
<PackageManifest Version=\"2.0.0\" xmlns=\"http://schemas.microsoft.com/developer/vsx-schema/2011\" xmlns:d=\"http://schemas.microsoft.com/developer/vsx-schema-design/2011\">
  <Metadata>
    <Identity Language=\"en-US\" Id=\"${name}\" Version=\"${version}\" Publisher=\"${publisher}\" />
    <DisplayName>${displayName}</DisplayName>
    <Description xml:space=\"preserve\">${description}</Description>
    <Categories>${categories}</Categories>
    <GalleryFlags>Public</GalleryFlags>
    <Properties>
      <Property Id=\"Microsoft.VisualStudio.Code.Engine\" Value=\"${engine}\" />
      <Property Id=\"Microsoft.VisualStudio.Code.ExtensionKind\" Value=\"workspace\" />
      <Property Id=\"Microsoft.VisualStudio.Code.ExecutesCode\" Value=\"true\" />
    </Properties>
  </Metadata>
  <Installation>
    <InstallationTarget Id=\"Microsoft.VisualStudio.Code\" />
  </Installation>
  <Dependencies />
  <Assets>
    <Asset Type=\"Microsoft.VisualStudio.Code.Manifest\" Path=\"extension/package.json\" Addressable=\"true\" />
    <Asset Type=\"Microsoft.VisualStudio.Services.Content.Details\" Path=\"extension/README.md\" Addressable=\"true\" />
  </Assets>
</PackageManifest>
")
file(WRITE "${stage}/[Content_Types].xml"
"<?xml version=\"1.0\" encoding=\"utf-8\"?>
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\".js\" ContentType=\"application/javascript\" />\
<Default Extension=\".json\" ContentType=\"application/json\" />\
<Default Extension=\".md\" ContentType=\"text/markdown\" />\
<Default Extension=\".vsixmanifest\" ContentType=\"text/xml\" />\
</Types>
")

file(REMOVE ${vsix})
execute_process(COMMAND ${CMAKE_COMMAND} -E tar cf ${vsix} --format=zip
                        "[Content_Types].xml" extension.vsixmanifest extension
                WORKING_DIRECTORY ${stage} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "vsix: could not write ${vsix}")
endif()
message(STATUS "vsix: ${vsix}")

if(CHECK)
  # every file of the folder, and nothing else, with the two beside it
  file(GLOB_RECURSE files RELATIVE ${SRC} ${SRC}/*)
  set(want "[Content_Types].xml" extension.vsixmanifest)
  foreach(f ${files})
    list(APPEND want extension/${f})
  endforeach()
  execute_process(COMMAND ${CMAKE_COMMAND} -E tar tf ${vsix}
                  OUTPUT_VARIABLE listing RESULT_VARIABLE rc)
  string(REPLACE "\n" ";" got "${listing}")
  list(FILTER got EXCLUDE REGEX "(^$|/$)")
  list(SORT got)
  list(SORT want)
  if(NOT rc EQUAL 0 OR NOT got STREQUAL want)
    message(FATAL_ERROR "vsix: ${vsix} holds\n  ${got}\nnot\n  ${want}")
  endif()
  foreach(f package.json syntaxes/ldx-asm.tmLanguage.json extension.js)
    if(NOT "extension/${f}" IN_LIST got)
      message(FATAL_ERROR "vsix: no extension/${f}")
    endif()
  endforeach()
endif()
