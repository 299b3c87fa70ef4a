"""Layer: pay and text normalisation (pure): monthly gross RUB, currency, payroll tax, pay
stated in text."""
