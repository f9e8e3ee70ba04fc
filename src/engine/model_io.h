/* model_io.h - model files: JSON (through cJSON) with a versioned schema,
 * documented in docs/model-format.md. Saves are atomic (temp file + rename),
 * loads validate everything before anything is returned. */
#ifndef NN_MODEL_IO_H
#define NN_MODEL_IO_H

#include <stdint.h>

#include "model.h"
#include "optimizer.h"

#define NN_MODEL_FORMAT_VERSION 1

/* Saves architecture, loss, regularization, input features, all weights and,
 * when opt is not NULL, the optimizer with its state. */
nn_Status nn_model_save(const char *path, const nn_Model *m, const nn_Optimizer *opt,
                        uint32_t features, char *err, size_t err_len);
/* Loads a model; *opt (if opt is not NULL) receives the optimizer when the
 * file has one, else NULL; *features (if not NULL) the feature mask. On
 * failure nothing is returned and err holds "FILE: key: problem" (or
 * "FILE:LINE: problem" for JSON syntax errors). */
nn_Status nn_model_load(const char *path, nn_Model **m, nn_Optimizer **opt, uint32_t *features,
                        char *err, size_t err_len);

/* Writes len bytes to path atomically: a temp file beside it, fsync, rename. */
nn_Status nn_write_file_atomic(const char *path, const void *data, size_t len,
                               char *err, size_t err_len);

#endif
