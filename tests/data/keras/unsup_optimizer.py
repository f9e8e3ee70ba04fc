# An optimizer nnviz does not have.
# expect-rc: 2
# expect-err: unsup_optimizer.py:5: the optimizer Ftrl is not supported
import tensorflow as tf
opt = tf.keras.optimizers.Ftrl()
