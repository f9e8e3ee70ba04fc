# Functions are outside the subset.
# expect-rc: 2
# expect-err: unsup_def.py:4: 'def' is not supported
def build():
    return 1
