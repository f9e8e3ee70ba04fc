/* exercise.c - judging a student's answer. */
#include "core/exercise.h"

#include <math.h>

int app_predict_judge(int guess, float change)
{
    if ((guess != 1 && guess != -1) || !isfinite(change) || change == 0.0f)
        return -1;
    return (change > 0.0f) == (guess > 0);
}
