# Builds ame_fastpath.bc (cmake -P; variables from runtime/CMakeLists.txt).
# clang -O2 would delete available_externally bodies, so the functions are
# compiled as ordinary definitions and their linkage is rewritten in the IR:
# available_externally lets the pass inline them, while any call left
# un-inlined binds to libame's copy (no module defines an __ame_* symbol).
set(include_flags)
foreach(dir ${INCLUDES})
  list(APPEND include_flags -I${dir})
endforeach()
execute_process(
  COMMAND ${CLANG} -std=gnu11 -O2 -emit-llvm -S ${include_flags} ${SRC} -o ${TMP}
  RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "compiling ${SRC} to LLVM IR failed")
endif()
file(READ ${TMP} ir)
string(REGEX REPLACE "define dso_local ([^@]*@__ame_(load|store)_([1248]|bytes)\\()"
       "define available_externally \\1" ir "${ir}")
string(REGEX MATCHALL "define available_externally" found "${ir}")
list(LENGTH found n)
if(NOT n EQUAL 10)
  message(FATAL_ERROR "expected 10 fast-path definitions in ${TMP}, found ${n}")
endif()
file(WRITE ${TMP} "${ir}")
execute_process(COMMAND ${LLVM_AS} ${TMP} -o ${OUT} RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "llvm-as ${TMP} failed")
endif()
