"""Legal forms and filler words left out of company names before comparing
them: "ACME S.A.R.L." and "Acme" are the same name to a sales assistant.

Written as they read once accents, case and dots are gone ("S.A.R.L." is
"sarl", "e.V." is "ev", "A/S" is "a s").
"""
LEGAL_FORMS = frozenset("""
    sa sarl sas sasu eurl snc sci scop sca scs sem selarl selas gie ei eirl earl gaec scea
    gmbh ag kg ohg ug gbr ev eg kgaa mbh
    ltd limited llc llp lp plc inc incorporated corp corporation co company cie
    bv nv bvba sprl srl spa sapa scrl snc sl slu sau lda ltda
    ab oy oyj as asa aps kk pty pvt
""".split())

# Two-token legal forms once "/" and "&" are spaces ("A/S", "& Co", "& Cie").
LEGAL_FORM_PAIRS = frozenset([("a", "s"), ("s", "a"), ("s", "l"), ("b", "v"), ("n", "v")])

STOPWORDS = frozenset("""
    et and und the of le la les de du des
""".split())
