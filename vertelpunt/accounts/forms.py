from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = EmailField("E-mailadres", validators=[
        DataRequired("Vul je e-mailadres in."),
        Length(max=254, message="Dit e-mailadres is te lang: hoogstens 254 tekens."),
    ])
    password = PasswordField("Wachtwoord", validators=[
        DataRequired("Vul je wachtwoord in."),
        Length(max=200, message="Dit wachtwoord is te lang: hoogstens 200 tekens."),
    ])
