# A broken f-string field.
# expect-rc: 2
# expect-err: syntax_fstring.py:5: syntax error: f-string
x = 1
print(f'{x:.2f')
