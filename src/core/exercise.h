/* exercise.h - judging a student's answer: predict-then-reveal of the
 * direction a weight moves in the update. Nothing here includes SDL. */
#ifndef NNVIZ_CORE_EXERCISE_H
#define NNVIZ_CORE_EXERCISE_H

/* guess: +1 (the weight will go up) or -1 (down); change: what the update
 * did to it. 1 right, 0 wrong, -1 no verdict (no guess, or no change, or
 * the change is not a number). */
int app_predict_judge(int guess, float change);

#endif
