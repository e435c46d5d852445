# Runs `thomas completion SHELL` at build time and writes the script to OUTPUT.
# Usage: cmake -DTHOMAS=path/to/thomas -DSHELL=bash -DOUTPUT=file -P write_completion.cmake
execute_process(COMMAND ${THOMAS} completion ${SHELL} OUTPUT_FILE ${OUTPUT}
                RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "thomas completion ${SHELL} failed (${result})")
endif()
