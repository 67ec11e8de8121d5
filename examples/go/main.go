// ACME's brand name on Orange France and Bouygues Telecom, in Go, through the
// brandedcalling provider plugin and the Go SDK generated from its schema (npm run sdks).
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	bc "example.com/pulumi-brandedcalling/sdk/go/brandedcalling"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		acme, err := bc.NewCustomer(ctx, "acme", &bc.CustomerArgs{
			Company: &bc.CustomerCompanyArgs{
				LegalName:             pulumi.String("ACME Corp"),
				CountryOfRegistration: pulumi.String("FR"),
				RegistrationNumber:    pulumi.String("552100554"),
			},
			Brand: &bc.CustomerBrandArgs{
				Name:        pulumi.String("ACME"),
				CallPurpose: pulumi.String("customer_service"),
			},
		})
		if err != nil {
			return err
		}
		var carriers pulumi.StringArray
		for _, code := range []string{"OFR", "BYG"} {
			carrier, err := bc.NewCarrier(ctx, "acme-"+code, &bc.CarrierArgs{
				CustomerId:  acme.CustomerId,
				CarrierCode: pulumi.String(code),
			})
			if err != nil {
				return err
			}
			// Wired to the carriers: registered after them, deleted before them.
			carriers = append(carriers, carrier.CarrierCode)
		}
		support, err := bc.NewRegistration(ctx, "support", &bc.RegistrationArgs{
			CustomerId:         acme.CustomerId,
			CarrierCodes:       carriers,
			PhoneNumber:        pulumi.String("+33140000001"),
			DisplayName:        pulumi.String("ACME Support"),
			VerifyCallerAction: pulumi.String("DO_NOT_BRAND"),
		})
		if err != nil {
			return err
		}
		ctx.Export("customerId", acme.CustomerId)
		ctx.Export("supportId", support.RegistrationId)
		ctx.Export("supportStatus", support.Status)
		return nil
	})
}
