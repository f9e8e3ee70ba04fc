# CCE on a linear output without from_logits.
# expect-rc: 2
# expect-err: unsup_logits_softmax.py:6: 
# expect-err: from_logits=True
from keras import Sequential, layers
m = Sequential([layers.Dense(3, input_dim=2)]); m.compile(optimizer='adam', loss='categorical_crossentropy')
