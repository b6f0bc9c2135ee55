namespace Lottopar.Client.WebSale;

/// <summary>The <c>operation</c> parameter of <c>/webSale.jsp</c>; the value is the number on the wire.</summary>
public enum WebSaleOperation
{
    /// <summary>Venta: sells a ticket (POST only).</summary>
    Sale = 0,

    /// <summary>Anulación: cancels a ticket within 5 minutes of its sale.</summary>
    Cancellation = 1,

    /// <summary>Registro de premios: registers a winning ticket as paid.</summary>
    PrizeRegistration = 2,

    /// <summary>Chequeo de transacciones: confirms the last valid ticket and cancels any later one.</summary>
    TransactionCheck = 3,

    /// <summary>Consulta de resultados: the results of one turn of one day.</summary>
    Results = 4,
}
