/* fuzz_keras.c - Keras programs through the bridge's parser (kr_parse): any
 * bytes either parse or fail with one line naming the program's file and a
 * line number; a program that parses parses again to the same statements
 * (the parser keeps no state between runs). */
#include <string.h>

#include "fuzz_util.h"
#include "keras/kr_ast.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kr_Program p, again;
    char err[512] = "";
    memset(&p, 0x5A, sizeof p);
    if (kr_parse(&p, "fuzz.py", (const char *)data, size, err, sizeof err) != 0) {
        FUZZ_CHECK(err[0] && !strchr(err, '\n') && strncmp(err, "fuzz.py:", 8) == 0,
                   "bad error message '%s'", err);
        kr_Program untouched;
        memset(&untouched, 0x5A, sizeof untouched);
        FUZZ_CHECK(memcmp(&p, &untouched, sizeof p) == 0, "a failed parse changed the program");
        return 0;
    }
    FUZZ_CHECK(p.n_stmts >= 0, "negative statement count");
    for (int k = 0; k < p.n_stmts; k++)
        FUZZ_CHECK(p.stmts[k].line >= 1, "statement %d has line %d", k, p.stmts[k].line);
    char err2[512] = "";
    FUZZ_CHECK(kr_parse(&again, "fuzz.py", (const char *)data, size, err2, sizeof err2) == 0,
               "a second parse failed: %s", err2);
    FUZZ_CHECK(again.n_stmts == p.n_stmts, "a second parse gave %d statements, not %d",
               again.n_stmts, p.n_stmts);
    for (int k = 0; k < p.n_stmts; k++)
        FUZZ_CHECK(again.stmts[k].kind == p.stmts[k].kind && again.stmts[k].line == p.stmts[k].line,
                   "a second parse differs at statement %d", k);
    kr_program_free(&again);
    kr_program_free(&p);
    return 0;
}
