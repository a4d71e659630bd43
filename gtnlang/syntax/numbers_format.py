"""Number formatting for the printer: integers, machine and arbitrary precision reals.

The rules are the Wolfram kernel's for one-line output (``PageWidth ->
Infinity``), with ``*^`` as the exponent mark (the one-line form of
``1.23457 x 10^6``):

Machine reals
    OutputForm shows 6 significant digits (``$MachinePrecision`` numbers are
    shown to 6 digits), trailing zeros dropped, and always a decimal point.
    InputForm and FullForm show the shortest digits that read back to the
    same double (Python's ``repr``).  In both, plain notation is used when the
    decimal exponent ``e`` (the one that leaves one digit before the point)
    is in ``-5 <= e <= 5`` -- the default ``ExponentFunction`` of
    ``NumberForm`` -- and scientific ``d.ddd*^e`` otherwise.  The exponent is
    the one *after* rounding, so 999999.9 shows as ``1.*^6``.

    >>> format_machine_real(0.8333333, False)
    '0.833333'
    >>> format_machine_real(100000.0, False), format_machine_real(1234567.0, False)
    ('100000.', '1.23457*^6')
    >>> format_machine_real(0.00001, False), format_machine_real(1e-6, False)
    ('0.00001', '1.*^-6')
    >>> format_machine_real(1/1.2, True), format_machine_real(1.5e-10, True)
    ('0.8333333333333334', '1.5*^-10')

Arbitrary precision reals (an mpmath ``mpf`` with ``precision`` decimal digits)
    OutputForm shows ``round(precision)`` significant digits, trailing zeros
    kept (they are significant): ``N[1/2, 10]`` is ``0.5000000000``.  Plain
    notation is used when ``-5 <= e < digits``, i.e. unless zeros that are not
    significant would have to be written (the documented default for high
    precision numbers), else ``*^``.  InputForm writes every stored digit (as
    many as the mantissa holds, at least ``precision``), trailing zeros
    dropped, then the precision mark: ``3.14159265358979323846264338328`30.``;
    the mark comes before an exponent: ``1.`20.*^30``.

Non-finite values never occur in Mathematica reals; they are printed
defensively as ``Infinity``, ``-Infinity`` and ``Indeterminate``.
"""

from __future__ import annotations

import math

__all__ = [
    "int_to_str", "format_machine_real", "format_bignum_real",
    "format_fixed_real", "MACHINE_DIGITS", "PLAIN_MIN_EXP", "PLAIN_MAX_EXP",
]

#: Significant digits of a machine real in OutputForm.
MACHINE_DIGITS = 6
#: Decimal exponents printed without ``*^`` (inclusive) for machine reals.
PLAIN_MIN_EXP = -5
PLAIN_MAX_EXP = 5

_CHUNK = 1000  # digits per piece when str(int) refuses a huge integer


def int_to_str(n: int) -> str:
    """Decimal digits of any integer, however large.

    Python 3.11+ limits ``str(int)`` to 4300 digits by default; past that the
    number is split by powers of ten (no global setting is touched).

    >>> int_to_str(-12)
    '-12'
    >>> len(int_to_str(10**5000))
    5001
    """
    try:
        return str(n)
    except ValueError:
        pass
    sign = "-" if n < 0 else ""
    return sign + _big_int_digits(abs(n), None)


def _big_int_digits(n: int, width: int | None) -> str:
    """Digits of n >= 0, zero padded to `width` when given (divide and conquer)."""
    if n.bit_length() < 3 * _CHUNK:
        s = str(n)
        return s if width is None else s.rjust(width, "0")
    half = int(n.bit_length() * 0.30102999566398) // 2
    hi, lo = divmod(n, 10 ** half)
    return (_big_int_digits(hi, None if width is None else width - half)
            + _big_int_digits(lo, half))


def _nonfinite(x) -> str | None:
    if x != x:
        return "Indeterminate"
    if x in (math.inf,):
        return "Infinity"
    if x in (-math.inf,):
        return "-Infinity"
    return None


def _layout(digits: str, exp: int, plain: bool, mark: str = "") -> str:
    """Place the decimal point in `digits` (no sign), exponent `exp`.

    `mark` (a precision mark such as ```30.``) goes after the mantissa.

    >>> _layout("125", 1, True), _layout("125", -2, True), _layout("1", 3, True)
    ('12.5', '0.0125', '1000.')
    >>> _layout("125", 7, False)
    '1.25*^7'
    """
    if plain:
        if exp >= 0:
            if len(digits) <= exp + 1:
                return digits + "0" * (exp + 1 - len(digits)) + "." + mark
            return digits[:exp + 1] + "." + digits[exp + 1:] + mark
        return "0." + "0" * (-exp - 1) + digits + mark
    return digits[0] + "." + digits[1:] + mark + "*^" + str(exp)


def _round_digits(digits: str, exp: int, n: int) -> tuple[str, int]:
    """Round a digit string (first digit nonzero, value d.ddd * 10^exp) to n digits."""
    if len(digits) <= n:
        return digits.ljust(n, "0"), exp
    head = digits[:n]
    if digits[n] >= "5":
        rounded = str(int(head) + 1)
        if len(rounded) > n:  # 999 -> 1000
            return rounded[:n], exp + 1
        return rounded, exp
    return head, exp


def _decompose(text: str) -> tuple[str, int]:
    """Digits (no leading/trailing zeros) and exponent of a positive decimal string.

    >>> _decompose("0.00125"), _decompose("1.5e-10"), _decompose("120.0")
    (('125', -3), ('15', -10), ('12', 2))
    """
    mant, _, e = text.lower().partition("e")
    exp = int(e) if e else 0
    intpart, _, frac = mant.partition(".")
    allds = intpart + frac
    stripped = allds.lstrip("0")
    if not stripped:
        return "0", 0
    lead = len(allds) - len(stripped)
    exp += len(intpart) - lead - 1
    return stripped.rstrip("0"), exp


def format_machine_real(x: float, input_form: bool, digits: int | None = None) -> str:
    """A machine real: 6 digits for OutputForm, shortest round trip for InputForm.

    `digits` overrides the 6 of OutputForm (``NumberForm[x, n]``).

    >>> format_machine_real(2.5, False), format_machine_real(1.0, False)
    ('2.5', '1.')
    >>> format_machine_real(-0.5, False), format_machine_real(1234567.0, True)
    ('-0.5', '1.234567*^6')
    """
    bad = _nonfinite(x)
    if bad is not None:
        return bad
    if x == 0:
        return "0."
    sign = "-" if x < 0 else ""
    ax = -x if x < 0 else x
    # fast paths: Python's own plain notation covers exponents -4..5 here
    if input_form:
        if 1e-4 <= ax < 1e6:
            r = repr(ax)
            return sign + (r[:-1] if r.endswith(".0") else r)
    elif digits is None:
        r = "%.6g" % ax
        if "e" not in r:
            return sign + (r if "." in r else r + ".")
    if input_form:
        ds, exp = _decompose(repr(ax))
    else:
        n = digits or MACHINE_DIGITS
        text = f"{ax:.{n - 1}e}"
        mant, _, e = text.partition("e")
        ds = mant.replace(".", "").rstrip("0") or "0"
        exp = int(e)
    return sign + _layout(ds, exp, PLAIN_MIN_EXP <= exp <= PLAIN_MAX_EXP)


def format_fixed_real(x: float, decimals: int) -> str:
    """A real with a fixed number of decimals (``NumberForm[x, {n, f}]``).

    >>> format_fixed_real(3.14159, 2), format_fixed_real(2.0, 0)
    ('3.14', '2.')
    """
    bad = _nonfinite(float(x))
    if bad is not None:
        return bad
    text = f"{float(x):.{max(decimals, 0)}f}"
    if "." not in text:
        text += "."
    return text


def _precision_mark(precision: float) -> str:
    p = float(precision)
    if p == int(p):
        return f"`{int(p)}."
    return f"`{p!r}"


def format_bignum_real(value, precision: float, input_form: bool,
                       digits: int | None = None) -> str:
    """An arbitrary precision real (mpmath mpf) with `precision` decimal digits.

    >>> import mpmath
    >>> with mpmath.workdps(30):
    ...     pi = +mpmath.pi
    >>> format_bignum_real(pi, 30, False)
    '3.14159265358979323846264338328'
    >>> format_bignum_real(pi, 30, True)
    '3.1415926535897932384626433832793`30.'
    >>> format_bignum_real(mpmath.mpf(3), 30, True)
    '3.`30.'
    """
    import mpmath
    from mpmath.libmp import dps_to_prec, from_str, repr_dps, round_nearest
    from mpmath.libmp.libmpf import to_digits_exp

    if not isinstance(value, mpmath.mpf):
        value = mpmath.mpf(value)
    if not mpmath.isfinite(value):
        return _nonfinite(float(value)) or "Indeterminate"
    mark = _precision_mark(precision) if input_form else ""
    n = max(int(math.floor(float(precision) + 0.5)), 1)
    if not value:
        return "0." + mark
    sign = "-" if value < 0 else ""
    mpf = (0,) + value._mpf_[1:]   # |value| exactly (negation would round to mpmath's precision)
    sgn, raw, raw_exp = to_digits_exp(mpf, max(n, repr_dps(max(mpf[3], 1))) + 5)
    raw = raw.lstrip("0")
    if input_form:
        # the fewest digits (at least n) that read back, at this precision,
        # to the very same binary value
        bits = max(dps_to_prec(n), mpf[3])
        for k in range(n, repr_dps(bits) + 1):
            ds, exp = _round_digits(raw, raw_exp, k)
            if from_str(f"{ds[0]}.{ds[1:]}e{exp}", bits, round_nearest) == mpf:
                break
        ds = ds.rstrip("0") or "0"
    else:
        ds, exp = _round_digits(raw, raw_exp, digits or n)
    plain = PLAIN_MIN_EXP <= exp < n
    return sign + _layout(ds, exp, plain, mark)
