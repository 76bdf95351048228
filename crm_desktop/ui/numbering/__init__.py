"""The No. Series page: number series, their lines, and what each would hand out next."""
